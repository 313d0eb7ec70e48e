using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shell.Modules;

namespace Portal.Tests.Shell;

public class PortalNavigationTests
{
    private static readonly NavEntry Card = new("/", "My card", NavAudience.Customer, NavGroups.Card, 0, "M0");
    private static readonly NavEntry Lookup = new("/staff/customers", "Customers", NavAudience.Staff, NavGroups.Customers, 0, "M0", "lookup");
    private static readonly NavEntry People = new("/admin/people", "People", NavAudience.Admin, NavGroups.System, 0, "M0", "admin");
    private static readonly NavEntry Report = new("/staff/report", "Report", NavAudience.Staff, NavGroups.Content, 1, "M0", "named-staff");

    private static PortalNavigation Navigation()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthorizationBuilder()
            .AddPolicy("lookup", p => p.RequireRole("Agent", "Staff"))
            .AddPolicy("admin", p => p.RequireRole("Admin"))
            // Not roles only: decided by the authorization service.
            .AddPolicy("named-staff", p => p.RequireRole("Staff").RequireAssertion(c => c.User.Identity?.Name == "sam"));
        var provider = services.BuildServiceProvider();
        return new PortalNavigation(new NavigationCache([Card, Lookup, People, Report]), provider.GetRequiredService<IAuthorizationService>(),
            provider.GetRequiredService<IAuthorizationPolicyProvider>());
    }

    private static ClaimsPrincipal User(string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    [Fact]
    public async Task Each_person_sees_the_links_their_roles_allow()
    {
        var navigation = Navigation();

        Assert.Equal([Card], await navigation.ForAsync(User("ana", "Customer")));
        Assert.Equal([Card, Lookup], await navigation.ForAsync(User("ali", "Customer", "Agent")));
        Assert.Equal([Card, Lookup, People], await navigation.ForAsync(User("ola", "Customer", "Admin", "Agent")));
        Assert.Empty(await navigation.ForAsync(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public async Task A_policy_that_needs_more_than_roles_is_still_decided_in_full()
    {
        var navigation = Navigation();

        Assert.Contains(Report, await navigation.ForAsync(User("sam", "Staff")));
        Assert.DoesNotContain(Report, await navigation.ForAsync(User("kim", "Staff")));
        Assert.DoesNotContain(Report, await navigation.ForAsync(User("sam", "Customer")));
    }

    [Fact]
    public async Task What_a_set_of_roles_may_see_is_remembered_per_set_not_per_person()
    {
        var navigation = Navigation();

        Assert.Equal([Card], await navigation.ForAsync(User("ali", "Customer")));
        // Granted a role: the next page shows its links (a new set of roles), and taking it away hides them again.
        Assert.Equal([Card, Lookup], await navigation.ForAsync(User("ali", "Agent", "Customer")));
        Assert.Equal([Card, Lookup, People], await navigation.ForAsync(User("ali", "Customer", "Agent", "Admin")));
        Assert.Equal([Card], await navigation.ForAsync(User("ali", "Customer")));
        // A role claim of another identity counts, as IsInRole sees it.
        var two = new ClaimsPrincipal([
            new ClaimsIdentity([new Claim(ClaimTypes.Name, "ola"), new Claim(ClaimTypes.Role, "Customer")], "test"),
            new ClaimsIdentity([new Claim("r", "Admin")], "other", ClaimTypes.Name, "r")]);
        Assert.Equal([Card, People], await navigation.ForAsync(two));
    }
}
