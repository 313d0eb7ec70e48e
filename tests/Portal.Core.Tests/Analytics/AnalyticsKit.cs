using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Analytics;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Analytics;

/// <summary>Customers, purchases (through the real ingestion) and sign-ins over <see cref="CoreDatabase"/>; the clock starts on 2026-11-24 09:00 UTC.</summary>
public sealed class AnalyticsKit : IAsyncDisposable
{
    private readonly CoreDatabase _db;
    private int _orders;

    private AnalyticsKit(CoreDatabase db) => _db = db;

    public DateTime Now => _db.UtcNow;
    public ManualClock Clock => _db.Clock;

    public static async Task<AnalyticsKit> CreateAsync() => new(await CoreDatabase.CreateAsync(configure: s => s.AddAnalytics()));

    public async Task<(string Id, string Number)> AddCustomerAsync(string name = "Sara")
    {
        var id = await _db.AddPersonAsync(name, $"{name.ToLowerInvariant()}{Guid.NewGuid():N}@example.com");
        return (id, (await _db.PersonAsync(id)).CustomerNumber);
    }

    /// <summary>A purchase of the given lines (category, amount in minor units); returns its order id.</summary>
    public async Task<string> BuyAsync(string number, DateTime at, params (string Category, long Amount)[] lines)
    {
        var orderId = $"ORD-{++_orders:D4}";
        var outcome = await _db.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RecordAsync(
            new PurchaseInput(number, orderId, at, PurchaseChannel.Store, lines.Select(l => new PurchaseLineInput(l.Category, 1, l.Amount)).ToList()), null));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        return orderId;
    }

    public async Task RefundAsync(string orderId, long amount)
    {
        var outcome = await _db.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RefundAsync(orderId, "R-" + orderId + "-" + amount, amount));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
    }

    /// <summary>A successful sign-in recorded as the sign-in page records it (a SignInSucceeded event), at <paramref name="at"/>.</summary>
    public async Task SignInAsync(string customerId, DateTime at)
    {
        var now = Clock.Now;
        Clock.Now = new DateTimeOffset(at, TimeSpan.Zero);
        await _db.UseAsync(async sp =>
        {
            sp.GetRequiredService<Outbox>().Raise(new SignInSucceeded(customerId, "127.0.0.1"));
            return await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        });
        Clock.Now = now;
    }

    public Task<T> AnalyticsAsync<T>(Func<CustomerAnalytics, Task<T>> use) => _db.UseAsync(use);

    public Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use) => _db.UseAsync(use);

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
