using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;

namespace Portal.Referrals;

/// <summary>
/// Qualifies referrals from purchases and cancels their rewards on refunds. The ledger runs its own transactions
/// (<see cref="HandlerTransaction.Own"/>); every credit is keyed by the referral, so a redelivery writes nothing twice.
/// </summary>
public sealed class ReferralPurchaseHandler(ReferralProgram program) : IHandle<PurchaseRecorded>, IHandle<PurchaseRefunded>
{
    public Task HandleAsync(PurchaseRecorded e, EventContext context, CancellationToken ct) => program.OnPurchaseAsync(e, ct);

    public Task HandleAsync(PurchaseRefunded e, EventContext context, CancellationToken ct) => program.OnRefundAsync(e, ct);
}

/// <summary>The periodic job "referral-expiry" (Referrals:ExpiryHours, 6 by default): pending referrals past their window expire.</summary>
public sealed class ReferralExpiryJob(ReferralProgram program, ILogger<ReferralExpiryJob> log) : Core.Jobs.IPeriodicJob
{
    public const string Name = "referral-expiry";

    public static Core.Jobs.JobSchedule Schedule(IConfiguration config) => new(Name,
        TimeSpan.FromHours(config.GetValue("Referrals:ExpiryHours", 6.0)),
        Jitter: TimeSpan.FromMinutes(10),
        TimeLimit: TimeSpan.FromMinutes(30));

    public async Task RunAsync(CancellationToken ct)
    {
        var count = await program.ExpireDueAsync(ct);
        if (count > 0) log.LogInformation("Expired {Count} pending referrals", count);
    }
}
