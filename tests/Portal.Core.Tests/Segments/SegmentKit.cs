using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Segments;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Segments;

/// <summary>A migrated database with the segment services; purchases are written as rows at chosen times.</summary>
public sealed class SegmentKit : IAsyncDisposable
{
    private int _orders;

    public CoreDatabase Database { get; }
    public SegmentOptions Options { get; } = new();
    public DateTime Now => Database.UtcNow;

    private SegmentKit(CoreDatabase database) => Database = database;

    public static async Task<SegmentKit> CreateAsync()
    {
        var options = new SegmentOptions();
        var kit = new SegmentKit(await CoreDatabase.CreateAsync(configure: s => s.AddSegments(options)));
        return kit;
    }

    public Task<string> CustomerAsync(string name = "Customer") => Database.AddPersonAsync(name);

    /// <summary>A purchase <paramref name="daysAgo"/> days before now (fractions allowed).</summary>
    public Task BuyAsync(string customerId, double daysAgo, long totalMinor, long refundedMinor = 0) =>
        Database.UseAsync<PortalDbContext, int>(db =>
        {
            var n = Interlocked.Increment(ref _orders);
            db.Add(new Purchase
            {
                OrderId = $"T-{n}", CustomerId = customerId, OccurredAtUtc = Now.AddDays(-daysAgo), TotalMinor = totalMinor,
                RefundedMinor = refundedMinor, Currency = "SAR", RecordedAtUtc = Now, ContentHash = $"h{n}",
            });
            return db.SaveChangesAsync();
        });

    /// <summary>A customer far ahead on spend, so the top-5% VIP place goes to them and not to the customers under test.</summary>
    public async Task<string> WhaleAsync()
    {
        var id = await CustomerAsync("Whale");
        await BuyAsync(id, 1, 100_000_000);
        return id;
    }

    public Task<SegmentRecomputeResult> RecomputeAsync() =>
        Database.UseAsync<SegmentEngine, SegmentRecomputeResult>(e => e.RecomputeAsync("staff-test"));

    public Task<CustomerScore?> ScoreAsync(string id) =>
        Database.UseAsync<PortalDbContext, CustomerScore?>(db => db.Set<CustomerScore>().AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == id));

    public async Task<Segment> SegmentOfAsync(string id) => (await ScoreAsync(id))?.Segment ?? Segment.New;

    public Task<List<SegmentHistoryEntry>> HistoryAsync(string id) =>
        Database.UseAsync<PortalDbContext, List<SegmentHistoryEntry>>(db =>
            db.Set<SegmentHistoryEntry>().AsNoTracking().Where(h => h.CustomerId == id).OrderBy(h => h.Id).ToListAsync());

    public Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use) => Database.UseAsync(use);

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
