using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Loyalty;

/// <summary>Loyalty steps over the shared <see cref="CoreDatabase"/>; the clock starts on 2026-11-24.</summary>
public sealed class LoyaltyKit : IAsyncDisposable
{
    private readonly CoreDatabase _db;
    private int _orders;

    private LoyaltyKit(CoreDatabase db) => _db = db;

    public LoyaltyOptions Options => _db.LoyaltyOptions;
    public ManualClock Clock => _db.Clock;
    public DateTime Now => _db.UtcNow;

    public static async Task<LoyaltyKit> CreateAsync(LoyaltyOptions? options = null) =>
        new(await CoreDatabase.CreateAsync(options));

    public async Task<(string Id, string Number)> AddCustomerAsync(string name = "Sara")
    {
        var id = await _db.AddPersonAsync(name, $"{name.ToLowerInvariant()}{Guid.NewGuid():N}@example.com");
        return (id, (await _db.PersonAsync(id)).CustomerNumber);
    }

    public Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use) => _db.UseAsync(use);

    public Task<PurchaseOutcome<PurchaseReceipt>> BuyAsync(string number, long amountMinor, DateTime? at = null, string? orderId = null) =>
        UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RecordAsync(
            new PurchaseInput(number, orderId ?? $"ORD-{++_orders}", at ?? Now, PurchaseChannel.Store, [new PurchaseLineInput("Grocery", 1, amountMinor)]), null));

    public Task<PurchaseOutcome<RefundReceipt>> RefundAsync(string orderId, string refundId, long? amount = null) =>
        UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RefundAsync(orderId, refundId, amount));

    public Task<LoyaltySummary> SummaryAsync(string customerId) =>
        UseAsync(sp => sp.GetRequiredService<PointsLedger>().SummaryAsync(customerId));

    public Task<LedgerResult<PointsEntry>> AdjustAsync(string customerId, long points, string reason = "Goodwill", string? key = null) =>
        UseAsync(sp => sp.GetRequiredService<PointsLedger>().AdjustAsync(customerId, points, reason, "staff-1", "Omar", key ?? Guid.NewGuid().ToString()));

    public Task<Reward> AddRewardAsync(long cost, int? stock = null, Tier? minimumTier = null, string name = "Coffee") =>
        UseAsync(async sp => (await sp.GetRequiredService<RewardsCatalog>().SaveAsync(
            new Reward { NameEn = name, NameAr = "قهوة", CostPoints = cost, Stock = stock, MinimumTier = minimumTier })).Reward!);

    public Task<LedgerResult<Redemption>> RedeemAsync(string customerId, long rewardId, string? key = null) =>
        UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().RedeemAsync(customerId, rewardId, key ?? Guid.NewGuid().ToString()));

    public Task<List<PointsEntry>> LedgerAsync(string customerId) =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PointsEntry>().AsNoTracking().Where(e => e.CustomerId == customerId).OrderBy(e => e.Id).ToListAsync());

    public Task<int> CountAsync<T>() where T : class => _db.CountAsync<T>();

    public Task RunDailyAsync() => UseAsync(sp => sp.GetRequiredService<LoyaltyMaintenance>().RunAsync());

    public string DatabaseFile => Path.Combine(_db.Folder, "portal.db");

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
