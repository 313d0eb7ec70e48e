using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core;
using Portal.Core.Demo;
using Portal.Core.Jobs;
using Portal.Core.Offers;
using Portal.Customers.Staff;
using Portal.Offers.Staff;
using Portal.Shell.Modules;

namespace Portal.Offers;

/// <summary>Personalized offers: staff publish them, customers see them ranked with why, activate single-use codes, and a purchase redeems them.</summary>
public sealed class OffersModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOffers();
        services.AddPeriodicJob<OffersJob>(OffersJob.Schedule(builder.Configuration));
        services.AddNavigation(
            new NavEntry("/offers", "Offers", NavAudience.Customer, NavGroups.Rewards, 15, Icons.Gift, Policies.Customer),
            new NavEntry("/staff/offers", "Offers", NavAudience.Staff, NavGroups.Content, 30, Icons.Gift, Policies.Staff));
        services.AddCustomerProfilePanel<OffersPanel>();
        services.AddDemoData<OffersDemo>();
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizePage("/Offers/Index", Policies.Customer);
        pages.AuthorizeFolder("/Offers/Staff", Policies.Staff);
    }

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapOffersApi();
}
