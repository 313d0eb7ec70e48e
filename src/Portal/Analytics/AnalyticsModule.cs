using Portal.Core.Analytics;
using Portal.Core.Demo;
using Portal.Core.Jobs;
using Portal.Shell.Modules;

namespace Portal.Analytics;

/// <summary>The customer's spending dashboard (/analytics) and its part of the API.</summary>
public sealed class AnalyticsModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddAnalytics();
        builder.Services.AddClv();
        // Needs the Segments module's engine too; both are always in PortalModules.All.
        builder.Services.AddDemoData<DemoShoppers>();
        builder.Services.AddPeriodicJob<ClvFitJob>(ClvFitJob.Schedule(builder.Configuration));
        builder.Services.AddHomeSummary<AnalyticsHomeSummary>();
        builder.Services.AddNavigation(
            new NavEntry("/analytics", "My spending", NavAudience.Customer, NavGroups.Rewards, 30, Icons.BarChart, Policies.Customer));
    }

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapAnalyticsApi();
}
