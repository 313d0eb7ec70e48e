using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
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
    }
}
