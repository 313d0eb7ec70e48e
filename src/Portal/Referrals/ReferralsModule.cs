using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
using Portal.Customers.Staff;
using Portal.Referrals.Staff;
using Portal.Shell.Modules;

namespace Portal.Referrals;

/// <summary>Referrals: codes and links, qualification on the friend's first purchase, rewards through the ledger, abuse review.</summary>
public sealed class ReferralsModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddReferrals(builder.Configuration.GetSection("Referrals").Get<ReferralOptions>() ?? new());
        services.AddEventHandler<PurchaseRecorded, ReferralPurchaseHandler>("referrals.purchase", HandlerTransaction.Own);
        services.AddEventHandler<PurchaseRefunded, ReferralPurchaseHandler>("referrals.refund", HandlerTransaction.Own);
        services.AddPeriodicJob<ReferralExpiryJob>(ReferralExpiryJob.Schedule(builder.Configuration));
        services.AddNavigation(
            new NavEntry("/referrals", "Invite friends", NavAudience.Customer, NavGroups.Rewards, 20, Icons.People, Policies.Customer),
            new NavEntry("/staff/referrals", "Referral review", NavAudience.Staff, NavGroups.Customers, 20, Icons.Shield, Policies.Staff));
        services.AddCustomerProfilePanel<ReferralsPanel>();
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizePage("/Referrals/Index", Policies.Customer);
        pages.AuthorizeFolder("/Referrals/Staff", Policies.Staff);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapReferralLink();

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapReferralsApi();
}
