using System.Security.Claims;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Portal.Shell.Modules;

/// <summary>Who a navigation entry is for: each audience gets its own navigation.</summary>
public enum NavAudience { Customer, Agent, Staff, Admin }

/// <summary>The customer's bottom-bar groups on a phone (and menus on a desktop); everything else is under More.</summary>
public static class NavGroups
{
    public const string Card = "Card";
    public const string Rewards = "Rewards";
    public const string Support = "Support";
    public const string Account = "Account";
    public const string More = "More";
    public const string Work = "Work";
    public const string Customers = "Customers";
    public const string Content = "Content";
    public const string System = "System";

    public static readonly string[] InOrder = [Card, Rewards, Support, Account, More, Work, Customers, Content, System];
}

/// <summary>
/// A link in the navigation. <paramref name="LabelKey"/> is the English resource key; <paramref name="Policy"/> decides
/// who sees it; <paramref name="Icon"/> is an SVG path (24×24, stroked).
/// </summary>
public sealed record NavEntry(
    string Href, string LabelKey, NavAudience Audience, string Group, int Order, string Icon, string? Policy = null)
{
    public bool IsCurrent(string path) =>
        Href == "/" ? path == "/" : path.Equals(Href, StringComparison.OrdinalIgnoreCase) || path.StartsWith(Href + "/", StringComparison.OrdinalIgnoreCase);
}

public static class NavigationRegistration
{
    public static IServiceCollection AddNavigation(this IServiceCollection services, params NavEntry[] entries)
    {
        foreach (var entry in entries) services.AddSingleton(entry);
        return services;
    }
}

/// <summary>The navigation a signed-in person may use, by audience and group, in order.</summary>
public sealed class PortalNavigation(IEnumerable<NavEntry> entries, IAuthorizationService authorization, IAuthorizationPolicyProvider policies)
{
    // Per host (tests run several): each policy's role requirements, or null when it needs more than roles.
    private static readonly ConditionalWeakTable<IAuthorizationPolicyProvider, ConcurrentDictionary<string, string[][]?>> RolesByPolicy = new();

    // Per host: the entries in order, and each set of visible entries (by bit) as one shared list, so its groups are
    // worked out once per set rather than on every page.
    private static readonly ConditionalWeakTable<IAuthorizationPolicyProvider, Sets> VisibleSets = new();

    private sealed class Sets(NavEntry[] ordered)
    {
        public NavEntry[] Ordered { get; } = ordered;
        public ConcurrentDictionary<ulong, IReadOnlyList<NavEntry>> ByMask { get; } = new();
    }

    private static readonly ConditionalWeakTable<IReadOnlyList<NavEntry>, IReadOnlyList<NavGroup>> GroupsOfSet = new();

    public async Task<IReadOnlyList<NavEntry>> ForAsync(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return [];
        var sets = VisibleSets.GetValue(policies, _ => new Sets([.. entries.OrderBy(e => e.Audience).ThenBy(e => e.Order)]));
        if (sets.Ordered.Length > 64) return await VisibleAsync(user, sets.Ordered);
        var mask = 0UL;
        for (var i = 0; i < sets.Ordered.Length; i++)
            if (sets.Ordered[i].Policy is not { } policy || await AllowsAsync(user, policy))
                mask |= 1UL << i;
        return sets.ByMask.GetOrAdd(mask, static (m, ordered) => Array.AsReadOnly(ordered.Where((_, i) => (m & (1UL << i)) != 0).ToArray()), sets.Ordered);
    }

    /// <summary>The groups of a list <see cref="ForAsync"/> returned: the same object for the same list.</summary>
    public static IReadOnlyList<NavGroup> GroupsOf(IReadOnlyList<NavEntry> visible) =>
        GroupsOfSet.GetValue(visible, static v => NavGroup.From(v));

    private async Task<IReadOnlyList<NavEntry>> VisibleAsync(ClaimsPrincipal user, NavEntry[] ordered)
    {
        var visible = new List<NavEntry>();
        foreach (var entry in ordered)
            if (entry.Policy is null || await AllowsAsync(user, entry.Policy))
                visible.Add(entry);
        return visible;
    }

    // Runs for every entry on every page: a policy of roles only (all of the navigation's) is decided from the
    // principal's roles as RolesAuthorizationHandler does, without building an authorization context per entry.
    private async Task<bool> AllowsAsync(ClaimsPrincipal user, string policy)
    {
        var known = RolesByPolicy.GetValue(policies, _ => new(StringComparer.Ordinal));
        if (!known.TryGetValue(policy, out var roles))
            known[policy] = roles = RolesOnly(await policies.GetPolicyAsync(policy));
        return roles is not null
            ? roles.All(anyOf => anyOf.Any(user.IsInRole))
            : (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }

    private static string[][]? RolesOnly(AuthorizationPolicy? policy) =>
        policy is null || policy.AuthenticationSchemes.Count > 0
            || policy.Requirements.Any(r => r is not RolesAuthorizationRequirement and not DenyAnonymousAuthorizationRequirement)
            ? null
            : [.. policy.Requirements.OfType<RolesAuthorizationRequirement>().Select(r => r.AllowedRoles.ToArray())];

    /// <summary>The entry for <paramref name="path"/>: the longest link that contains it (/agent/tickets over /agent).</summary>
    public static NavEntry? Current(IEnumerable<NavEntry> entries, string path) =>
        entries.Where(e => e.IsCurrent(path)).OrderByDescending(e => e.Href.Length).FirstOrDefault();
}

/// <summary>A group of entries shown as one tab or menu: a group with one entry links straight to it.</summary>
public sealed record NavGroup(NavAudience Audience, string Name, IReadOnlyList<NavEntry> Entries)
{
    public NavEntry? Single => Entries.Count == 1 ? Entries[0] : null;
    public string Icon => Name switch
    {
        NavGroups.Support => Icons.Help,
        NavGroups.Account => Icons.Shield,
        _ => Entries[0].Icon,
    };
    public string Id => $"nav-{Audience.ToString().ToLowerInvariant()}-{Name.ToLowerInvariant()}";
    public bool Contains(NavEntry? entry) => entry is not null && Entries.Contains(entry);

    /// <summary>
    /// The customer's groups, then the staff's: agents, staff and admins share one part, so a group such as System
    /// holds what each of their roles allows. Groups come in the order of <see cref="NavGroups.InOrder"/>.
    /// </summary>
    public static IReadOnlyList<NavGroup> From(IEnumerable<NavEntry> entries) =>
        entries.GroupBy(e => (Customer: e.Audience == NavAudience.Customer, e.Group))
            .Select(g => new NavGroup(g.Min(e => e.Audience), g.Key.Group, g.OrderBy(e => e.Order).ThenBy(e => e.Audience).ToList()))
            .OrderBy(g => g.Audience == NavAudience.Customer ? 0 : 1)
            .ThenBy(g => Array.IndexOf(NavGroups.InOrder, g.Name) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Entries[0].Order)
            .ToList();
}

/// <summary>Every group as one list (the More sheet and page); <paramref name="IdPrefix"/> keeps heading ids unique.</summary>
public sealed record SectionList(IReadOnlyList<NavGroup> Groups, NavEntry? Current, string IdPrefix);

/// <summary>
/// The navigation's icons as one SVG sprite: the layout draws each path once as a symbol, and the header, the tab bar
/// and the More sheet refer to it, so a page does not carry every path three times over.
/// </summary>
public static class NavIcons
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Ids = new();
    private static int next;

    /// <summary>The symbol's id for an icon path: the same for the life of the process.</summary>
    public static string Id(string path) =>
        Ids.GetOrAdd(path, static _ => "nav-icon-" + Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every icon the groups show: each entry's and each group's own (the tab bar's).</summary>
    public static IEnumerable<string> Of(IReadOnlyList<NavGroup> groups) =>
        groups.SelectMany(g => g.Entries.Select(e => e.Icon).Prepend(g.Icon)).Distinct();
}
