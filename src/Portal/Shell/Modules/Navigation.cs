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

/// <summary>
/// Per host, shared by every request: the entries in order, each policy's role requirements, what each set of roles
/// may see, and each set of visible entries as one list (so its groups and layout are worked out once per set).
/// </summary>
public sealed class NavigationCache(IEnumerable<NavEntry> entries)
{
    public NavEntry[] Ordered { get; } = [.. entries.OrderBy(e => e.Audience).ThenBy(e => e.Order)];
    internal ConcurrentDictionary<string, string[][]?> RolesByPolicy { get; } = new(StringComparer.Ordinal);
    internal ConcurrentDictionary<string, (ulong Allowed, int[] Undecided)> ByRoles { get; } = new(StringComparer.Ordinal);
    internal ConcurrentDictionary<ulong, IReadOnlyList<NavEntry>> ByMask { get; } = new();
}

/// <summary>The navigation a signed-in person may use, by audience and group, in order.</summary>
public sealed class PortalNavigation(NavigationCache cache, IAuthorizationService authorization, IAuthorizationPolicyProvider policies)
{
    // Role sets are few (roles are granted from a fixed list); the bound keeps odd claims from growing the cache.
    private const int MaxRoleSets = 1024;

    private static readonly ConditionalWeakTable<IReadOnlyList<NavEntry>, NavLayout> Layouts = new();

    public async Task<IReadOnlyList<NavEntry>> ForAsync(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return [];
        var ordered = cache.Ordered;
        if (ordered.Length > 64) return await VisibleAsync(user, ordered);
        // Policies of roles only are decided once per set of roles; any other policy for each person, every time.
        var roleKey = RoleKey(user);
        if (!cache.ByRoles.TryGetValue(roleKey, out var byRoles))
        {
            byRoles = await ByRolesAsync(user, ordered);
            if (cache.ByRoles.Count < MaxRoleSets) cache.ByRoles.TryAdd(roleKey, byRoles);
        }
        var mask = byRoles.Allowed;
        foreach (var i in byRoles.Undecided)
            if ((await authorization.AuthorizeAsync(user, ordered[i].Policy!)).Succeeded)
                mask |= 1UL << i;
        return cache.ByMask.GetOrAdd(mask, static (m, ordered) => Array.AsReadOnly(ordered.Where((_, i) => (m & (1UL << i)) != 0).ToArray()), ordered);
    }

    /// <summary>The groups of a list <see cref="ForAsync"/> returned: the same object for the same list.</summary>
    public static IReadOnlyList<NavGroup> GroupsOf(IReadOnlyList<NavEntry> visible) => LayoutOf(visible).Groups;

    /// <summary>How the layout shows a list <see cref="ForAsync"/> returned: worked out once per list.</summary>
    public static NavLayout LayoutOf(IReadOnlyList<NavEntry> visible) =>
        Layouts.GetValue(visible, static v => NavLayout.From(v));

    private async Task<(ulong Allowed, int[] Undecided)> ByRolesAsync(ClaimsPrincipal user, NavEntry[] ordered)
    {
        var allowed = 0UL;
        var undecided = new List<int>();
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].Policy is not { } policy) allowed |= 1UL << i;
            else if (await RolesOfAsync(policy) is not { } roles) undecided.Add(i);
            else if (InRoles(user, roles)) allowed |= 1UL << i;
        }
        return (allowed, [.. undecided]);
    }

    private async Task<IReadOnlyList<NavEntry>> VisibleAsync(ClaimsPrincipal user, NavEntry[] ordered)
    {
        var visible = new List<NavEntry>();
        foreach (var entry in ordered)
            if (entry.Policy is null
                || (await RolesOfAsync(entry.Policy) is { } roles
                    ? InRoles(user, roles)
                    : (await authorization.AuthorizeAsync(user, entry.Policy)).Succeeded))
                visible.Add(entry);
        return visible;
    }

    // A policy of roles only (all of the navigation's) is decided from the principal's roles, as
    // RolesAuthorizationHandler does; null when the policy needs more than roles.
    private async Task<string[][]?> RolesOfAsync(string policy)
    {
        if (!cache.RolesByPolicy.TryGetValue(policy, out var roles))
            cache.RolesByPolicy[policy] = roles = RolesOnly(await policies.GetPolicyAsync(policy));
        return roles;
    }

    // Every requirement met: the person has one of each requirement's roles.
    private static bool InRoles(ClaimsPrincipal user, string[][] roles) => roles.All(anyOf => anyOf.Any(user.IsInRole));

    private static string[][]? RolesOnly(AuthorizationPolicy? policy) =>
        policy is null || policy.AuthenticationSchemes.Count > 0
            || policy.Requirements.Any(r => r is not RolesAuthorizationRequirement and not DenyAnonymousAuthorizationRequirement)
            ? null
            : [.. policy.Requirements.OfType<RolesAuthorizationRequirement>().Select(r => r.AllowedRoles.ToArray())];

    // The person's roles as IsInRole sees them (each identity's role claim type), in one string.
    private static string RoleKey(ClaimsPrincipal user)
    {
        List<string>? roles = null;
        foreach (var identity in user.Identities)
            foreach (var claim in identity.Claims)
                if (string.Equals(claim.Type, identity.RoleClaimType, StringComparison.OrdinalIgnoreCase))
                    (roles ??= []).Add(claim.Value);
        if (roles is null) return "";
        if (roles.Count == 1) return roles[0];
        roles.Sort(StringComparer.Ordinal);
        return string.Join('\n', roles);
    }

    /// <summary>The entry for <paramref name="path"/>: the longest link that contains it (/agent/tickets over /agent).</summary>
    public static NavEntry? Current(IEnumerable<NavEntry> entries, string path)
    {
        NavEntry? best = null;
        foreach (var e in entries)
            if (e.IsCurrent(path) && (best is null || e.Href.Length > best.Href.Length)) best = e;
        return best;
    }
}

/// <summary>
/// A visible set as the layout shows it: its groups, the customer's groups and which of them are the phone's tabs, and
/// a key that names the set for the life of the process (the layout caches its navigation's markup by it).
/// </summary>
public sealed record NavLayout(IReadOnlyList<NavGroup> Groups, IReadOnlyList<NavGroup> CustomerGroups, IReadOnlyList<NavGroup> Tabs, string Key)
{
    // A customer's phone has a bottom tab bar of these groups; any other customer group is under More.
    private static readonly string[] TabGroups = [NavGroups.Card, NavGroups.Rewards, NavGroups.Support, NavGroups.Account];
    private static int next;

    public bool HasTabBar => CustomerGroups.Count > 0;
    public bool AllCustomer => CustomerGroups.Count == Groups.Count;

    /// <summary>Whether More is where <paramref name="current"/> lives (a customer section that is not a tab).</summary>
    public bool UnderMore(NavEntry? current) =>
        current is not null && CustomerGroups.Any(g => g.Contains(current)) && !Tabs.Any(g => g.Contains(current));

    public static NavLayout From(IReadOnlyList<NavEntry> visible)
    {
        var groups = NavGroup.From(visible);
        var customer = groups.Where(g => g.Audience == NavAudience.Customer).ToList();
        return new(groups, customer, [.. customer.Where(g => TabGroups.Contains(g.Name))], "nav" + Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
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
