using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core;
using Portal.Core.Demo;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Core.Loyalty;
using Portal.Loyalty.Staff;
using Portal.Shell.Modules;

namespace Portal.Loyalty;

/// <summary>Points, tiers and rewards: the ledger, purchases from shops and tills, the staff's rewards and integration keys.</summary>
public sealed class LoyaltyModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLoyalty(builder.Configuration.GetSection("Loyalty").Get<LoyaltyOptions>() ?? new());
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, IntegrationKeyAuthentication>(IntegrationKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Integration, p => p.AddAuthenticationSchemes(IntegrationKeyAuthentication.SchemeName)
                .RequireClaim(IntegrationKeyAuthentication.KeyIdClaim)
                .RequireClaim(IntegrationKeyAuthentication.PermissionClaim, IntegrationPermissions.Purchases));
        services.AddPeriodicJob<LoyaltyMaintenanceJob>(LoyaltyMaintenanceJob.Schedule(builder.Configuration));
        services.AddLoyaltyStaff();
        services.AddDemoData<DemoLoyalty>();
        services.AddHomeSummary<LoyaltyHomeSummary>();
        services.AddEventHandler<Portal.Core.Customers.AccountRegistered, EarnBonusHandler>("loyalty.earn-bonus", HandlerTransaction.Own);
        services.AddNavigation(
            new NavEntry("/loyalty", "Loyalty", NavAudience.Customer, NavGroups.Rewards, 10, Icons.Star, Policies.Customer),
            new NavEntry("/staff/rewards", "Rewards", NavAudience.Staff, NavGroups.Content, 10, Icons.Gift, Policies.Staff),
            new NavEntry("/staff/integrations", "Integrations", NavAudience.Staff, NavGroups.System, 20, Icons.Key, Policies.Staff));
    }

    public override void ConfigurePages(PageConventionCollection pages) =>
        pages.AuthorizeFolder("/Loyalty/Staff", Policies.CustomerLookup);

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer)
    {
        api.MapPurchasesApi();
        api.MapRewardCodesApi();
        customer.MapLoyaltyApi();
    }
}
