using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Segments;
using Portal.Tests.Data;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Segments;

/// <summary>The same set-based recompute (provider-specific SQL for times, event ids and payloads) on PostgreSQL.</summary>
public class SegmentsOnPostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task The_recompute_scores_segments_writes_history_and_events_on_PostgreSQL()
    {
        await factory.WhalesAsync();
        var occasional = await factory.NewLoyaltyCustomerAsync();
        await factory.BuyAsync(occasional, 1_000, 20);
        var inactive = await factory.NewLoyaltyCustomerAsync();
        await factory.BuyAsync(inactive, 1_000, 90);
        var frequent = await factory.NewLoyaltyCustomerAsync();
        foreach (var days in new[] { 1, 30, 89 }) await factory.BuyAsync(frequent, 1_000, days);
        var atRisk = await factory.NewLoyaltyCustomerAsync();
        await factory.BuyAsync(atRisk, 1_000, 120);
        await factory.BuyAsync(atRisk, 499, 10);

        var first = await factory.RecomputeSegmentsAsync();
        await factory.BuyAsync(occasional, 1_000, 2);
        await factory.BuyAsync(occasional, 1_000, 1);
        var second = await factory.RecomputeSegmentsAsync();

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.IsType<PostgresPortalDbContext>(db);
        var scores = await db.Set<CustomerScore>().AsNoTracking().ToDictionaryAsync(s => s.CustomerId);
        Assert.Equal(Segment.Frequent, scores[occasional.Id].Segment);
        Assert.Equal(Segment.Occasional, scores[occasional.Id].PreviousSegment);
        Assert.Equal(Segment.Inactive, scores[inactive.Id].Segment);
        Assert.Equal(Segment.Frequent, scores[frequent.Id].Segment);
        Assert.Equal(Segment.AtRisk, scores[atRisk.Id].Segment);
        Assert.Equal(1, second.CustomersChanged);
        Assert.Equal(first.CustomersScored, second.CustomersScored);
        Assert.Equal(2, await db.Set<SegmentHistoryEntry>().CountAsync(h => h.CustomerId == occasional.Id));

        var events = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == nameof(SegmentChanged) && m.StreamKey == occasional.Id)
            .OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([Segment.Occasional, Segment.Frequent], events.Select(m => System.Text.Json.JsonSerializer.Deserialize<SegmentChanged>(m.Payload)!.To));
        Assert.Equal(2, events.Select(e => e.EventId).Distinct().Count());

        var overview = await scope.ServiceProvider.GetRequiredService<SegmentQueries>().OverviewAsync();
        Assert.Contains(new SegmentMovement(Segment.Occasional, Segment.Frequent, 1), overview.Movements);
        Assert.True(overview.Rows.Single(r => r.Segment == Segment.Inactive).AverageRecencyDays >= 90);
    }

    [Fact]
    public async Task A_customer_sees_their_segment_score_and_the_run_time_on_PostgreSQL()
    {
        var scored = await factory.NewLoyaltyCustomerAsync();
        await factory.BuyAsync(scored, 1_000, 20);
        var run = await factory.RecomputeSegmentsAsync();
        var newcomer = await factory.NewLoyaltyCustomerAsync();

        using var scope = factory.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<SegmentQueries>();
        var view = await queries.ForCustomerAsync(scored.Id);
        Assert.Equal(Segment.Occasional, view.Segment);
        Assert.Equal(1, view.Score!.Purchases12Months);
        Assert.Equal(DateTimeKind.Utc, view.Score.LastPurchaseAtUtc.Kind);
        Assert.Equal(run.FinishedAtUtc!.Value, view.LastRunFinishedAtUtc!.Value, TimeSpan.FromMilliseconds(1));

        var first = await queries.ForCustomerAsync(newcomer.Id);
        Assert.Equal(Segment.New, first.Segment);
        Assert.Null(first.Score);
        Assert.Equal(MoveKind.FirstPurchase, Assert.Single(first.Moves).Kind);
    }
}
