using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Portal.Shell.Modules;

/// <summary>
/// One section of the portal (Loyalty, Tickets, Chat…). A section registers everything it brings in its module:
/// services and options, pages' authorization, API endpoints and hubs, background jobs, event handlers, navigation
/// entries, staff profile panels, home summaries and Development demo data. The shell lists modules
/// (<see cref="PortalModules"/>) and never names a section's internals.
/// </summary>
public abstract class PortalModule
{
    /// <summary>Services, options, jobs, event handlers and what the section adds to the shared registries.</summary>
    public virtual void AddServices(WebApplicationBuilder builder) { }

    /// <summary>Authorization of the section's page folders (pages live under <c>/{Section}/…</c> with explicit routes).</summary>
    public virtual void ConfigurePages(PageConventionCollection pages) { }

    /// <summary>Endpoints outside the JSON API: hubs, files.</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints) { }

    /// <summary>
    /// The section's part of <c>/api/customer-id</c>: <paramref name="api"/> is the open group (own authentication),
    /// <paramref name="customer"/> requires a signed-in customer's bearer token and an active account.
    /// </summary>
    public virtual void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) { }
}
