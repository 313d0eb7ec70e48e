using Portal.Core.Jobs;
using Portal.Core.Segments;
using Portal.Customers.Staff;
using Portal.Segments.Staff;
using Portal.Shell.Modules;

namespace Portal.Segments;

/// <summary>RFM scores and business segments: the customer's /segment, staff's /staff/segments, the nightly recompute.</summary>
public sealed class SegmentsModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSegments(builder.Configuration.GetSection("Segments").Get<SegmentOptions>() ?? new());
        services.AddSingleton<SegmentRecomputeLauncher>();
        services.AddPeriodicJob<SegmentsRecomputeJob>(SegmentsRecomputeJob.Schedule(builder.Configuration));
        services.AddCustomerProfilePanel<SegmentPanel>();
        services.AddNavigation(
            new NavEntry("/segment", "Your segment", NavAudience.Customer, NavGroups.Rewards, 20, Icons.Gauge, Policies.Customer),
            new NavEntry("/staff/segments", "Segments", NavAudience.Staff, NavGroups.Customers, 10, Icons.People, Policies.Staff));
    }

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapSegmentApi();
}
