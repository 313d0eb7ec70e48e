using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Shell.Modules;

namespace Portal.Administration;

/// <summary>People and roles, locks and their audit; the system's jobs and events.</summary>
public sealed class AdministrationModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder) =>
        builder.Services.AddNavigation(
            new NavEntry("/admin/users", "People", NavAudience.Admin, NavGroups.System, 0, Icons.People, Policies.Admin),
            new NavEntry("/admin/system", "System", NavAudience.Admin, NavGroups.System, 10, Icons.Gauge, Policies.Admin));

    public override void ConfigurePages(PageConventionCollection pages) =>
        pages.AuthorizeFolder("/Administration", Policies.Admin);
}
