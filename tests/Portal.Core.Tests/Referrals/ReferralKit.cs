using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Referrals;

/// <summary>Referral steps over the shared <see cref="CoreDatabase"/>; purchases go through the real ingestion.</summary>
public sealed class ReferralKit : IAsyncDisposable
{
    private readonly CoreDatabase _db;
    private int _orders;

    private ReferralKit(CoreDatabase db, ReferralOptions options)
    {
        _db = db;
        Options = options;
    }

    public ReferralOptions Options { get; }
    public ManualClock Clock => _db.Clock;
    public DateTime Now => _db.UtcNow;
    public CoreDatabase Db => _db;

    public static async Task<ReferralKit> CreateAsync(ReferralOptions? options = null)
    {
        options ??= new ReferralOptions();
        return new(await CoreDatabase.CreateAsync(configure: s => s.AddReferrals(options)), options);
    }

    public async Task<(string Id, string Number)> AddCustomerAsync(string name = "Sam Adams", string? email = null, string? phone = null)
    {
        var id = await _db.AddPersonAsync(name, email ?? $"{Guid.NewGuid():N}@example.com", phone);
        return (id, (await _db.PersonAsync(id)).CustomerNumber);
    }

    public Task<T> UseAsync<T>(Func<ReferralProgram, Task<T>> use) => _db.UseAsync<ReferralProgram, T>(use);

    public Task<string> CodeAsync(string customerId) => UseAsync(async p => (await p.CodeForAsync(customerId)).Code);

    public async Task<(Referral? Referral, ReferralError? Error)> SignUpAsync(string referrerId, string friendId, string? ip = "10.0.0.1", string? device = null) =>
        await UseAsync(async p => await p.AttachAsync(friendId, await CodeAsync(referrerId), new SignupContext(ip, device)));

    /// <summary>Records the purchase and delivers its PurchaseRecorded event to the referral handler, as the dispatcher would.</summary>
    public async Task<PurchaseRecorded> BuyAsync(string number, long amountMinor, DateTime? at = null, string? orderId = null, bool deliver = true)
    {
        orderId ??= $"ORD-{++_orders}";
        var outcome = await _db.UseAsync<PurchaseIngestion, PurchaseOutcome<PurchaseReceipt>>(i => i.RecordAsync(
            new PurchaseInput(number, orderId, at ?? Now, PurchaseChannel.Store, [new PurchaseLineInput("Grocery", 1, amountMinor)]), null));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        var e = await EventForAsync(orderId);
        if (deliver) await DeliverAsync(e);
        return e;
    }

    public Task<PurchaseRecorded> EventForAsync(string orderId) =>
        _db.UseAsync(async sp =>
        {
            var p = await sp.GetRequiredService<PortalDbContext>().Set<Purchase>().AsNoTracking().SingleAsync(x => x.OrderId == orderId);
            return new PurchaseRecorded(p.CustomerId, p.Id, p.OrderId, p.TotalMinor, p.Currency);
        });

    public Task DeliverAsync(PurchaseRecorded e) => UseAsync(async p => { await p.OnPurchaseAsync(e); return 0; });

    public async Task RefundAsync(string orderId, long? amount = null)
    {
        var outcome = await _db.UseAsync<PurchaseIngestion, PurchaseOutcome<RefundReceipt>>(i => i.RefundAsync(orderId, "R-" + orderId, amount));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        var p = await _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>().AsNoTracking().SingleAsync(x => x.OrderId == orderId));
        await UseAsync(async r => { await r.OnRefundAsync(new PurchaseRefunded(p.CustomerId, p.Id, "R-" + orderId, outcome.Value!.AmountMinor)); return 0; });
    }

    public Task<Referral> ReferralAsync(long id) =>
        _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Referral>().AsNoTracking().SingleAsync(r => r.Id == id));

    public Task<List<PointsEntry>> LedgerAsync(string customerId) =>
        _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PointsEntry>().AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.SourceRef.StartsWith("referral:")).OrderBy(e => e.Id).ToListAsync());

    public async Task<long> ActiveAsync(string customerId) =>
        (await _db.UseAsync<PointsLedger, LoyaltySummary>(l => l.SummaryAsync(customerId))).Active;

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
