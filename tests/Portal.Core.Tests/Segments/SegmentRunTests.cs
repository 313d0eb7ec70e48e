using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Segments;

namespace Portal.Core.Tests.Segments;

public class SegmentRunTests
{
    [Fact]
    public async Task History_rows_are_written_only_when_the_segment_changes()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var id = await kit.CustomerAsync();
        await kit.BuyAsync(id, 10, 1_000);

        await kit.RecomputeAsync();
        await kit.RecomputeAsync();
        Assert.Equal([(Segment.Occasional, (Segment?)null)], (await kit.HistoryAsync(id)).Select(h => (h.Segment, h.PreviousSegment)));

        await kit.BuyAsync(id, 2, 1_000);
        await kit.BuyAsync(id, 1, 1_000);
        var run = (await kit.RecomputeAsync()).Run!;

        var history = await kit.HistoryAsync(id);
        Assert.Equal([(Segment.Occasional, (Segment?)null), (Segment.Frequent, Segment.Occasional)], history.Select(h => (h.Segment, h.PreviousSegment)));
        Assert.Equal(run.Id, history[^1].RunId);
        var score = (await kit.ScoreAsync(id))!;
        Assert.Equal((Segment.Frequent, (Segment?)Segment.Occasional, run.Id), (score.Segment, score.PreviousSegment, score.RunId));
        Assert.Equal(1, run.CustomersChanged);
    }

    [Fact]
    public async Task A_run_that_changes_nothing_leaves_the_scores_as_they_were_and_keeps_the_previous_segment()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var id = await kit.CustomerAsync();
        await kit.BuyAsync(id, 10, 1_000);
        await kit.RecomputeAsync();
        await kit.BuyAsync(id, 2, 1_000);
        await kit.BuyAsync(id, 1, 1_000);
        var moved = (await kit.RecomputeAsync()).Run!;

        var quiet = (await kit.RecomputeAsync()).Run!;

        Assert.Equal(0, quiet.CustomersChanged);
        var score = (await kit.ScoreAsync(id))!;
        // Still "was Occasional": the segment before the last change, not the (same) one of the quiet run.
        Assert.Equal((Segment.Frequent, (Segment?)Segment.Occasional, moved.Id), (score.Segment, score.PreviousSegment, score.RunId));
        var overview = await kit.UseAsync(sp => sp.GetRequiredService<SegmentQueries>().OverviewAsync());
        Assert.Contains(new SegmentMovement(Segment.Frequent, Segment.Frequent, 1), overview.Movements);
        Assert.DoesNotContain(overview.Movements, m => m.From != m.To);
    }

    [Fact]
    public async Task SegmentChanged_is_raised_once_per_change_in_the_outbox_format()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var whale = await kit.WhaleAsync();
        var id = await kit.CustomerAsync();
        await kit.BuyAsync(id, 10, 1_000);

        await kit.RecomputeAsync();
        await kit.RecomputeAsync();
        var first = await kit.Database.OutboxAsync(nameof(SegmentChanged));
        Assert.Equal(2, first.Count);
        var types = await kit.UseAsync(sp => Task.FromResult(sp.GetRequiredService<DomainEventTypes>()));
        var mine = first.Single(m => m.StreamKey == id);
        Assert.Equal(DomainEventTypes.Serialize(new SegmentChanged(id, Segment.New, Segment.Occasional)), mine.Payload);
        Assert.Equal(new SegmentChanged(id, Segment.New, Segment.Occasional), types.Deserialize(mine.Type, mine.Payload));
        Assert.Equal(new SegmentChanged(whale, Segment.New, Segment.Vip), types.Deserialize(first[0].Type, first.Single(m => m.StreamKey == whale).Payload));
        Assert.Equal(2, first.Select(m => m.EventId).Distinct().Count());
        Assert.All(first, m => Assert.True(m.IsPending));

        kit.Database.Clock.Advance(TimeSpan.FromDays(100));
        await kit.RecomputeAsync();

        var all = await kit.Database.OutboxAsync(nameof(SegmentChanged));
        Assert.Equal(4, all.Count);
        Assert.Equal(new SegmentChanged(id, Segment.Occasional, Segment.Inactive), types.Deserialize(all[^1].Type, all.Single(m => m.StreamKey == id && m.Id > mine.Id).Payload));
        // EventIds read back as the same Guid text EF Core writes, so lookups by id find them.
        var eventId = all[^1].EventId;
        Assert.True(await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AnyAsync(m => m.EventId == eventId)));
    }

    [Fact]
    public async Task A_customer_who_no_longer_has_purchases_loses_the_score_with_a_history_row()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var id = await kit.CustomerAsync();
        await kit.BuyAsync(id, 10, 1_000);
        await kit.RecomputeAsync();

        await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>().Where(p => p.CustomerId == id).ExecuteDeleteAsync());
        await kit.RecomputeAsync();

        Assert.Null(await kit.ScoreAsync(id));
        Assert.Equal((Segment.New, (Segment?)Segment.Occasional), (await kit.HistoryAsync(id)).Select(h => (h.Segment, h.PreviousSegment)).Last());
    }

    [Fact]
    public async Task A_run_hands_its_connection_back_with_the_settings_it_found()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        Task<string> SettingsAsync() => kit.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            var values = new List<string>();
            foreach (var pragma in new[] { "synchronous", "temp_store", "cache_size" })
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = $"PRAGMA {pragma}";
                values.Add($"{pragma}={await command.ExecuteScalarAsync()}");
            }
            await db.Database.CloseConnectionAsync();
            return string.Join(";", values);
        });
        var before = await SettingsAsync();

        await kit.RecomputeAsync();

        Assert.Equal(before, await SettingsAsync());
        Assert.Contains("synchronous=2", before);
    }

    [Fact]
    public async Task A_second_run_is_refused_while_one_is_running()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();

        var first = await kit.UseAsync<SegmentRecomputeResult>(sp => sp.GetRequiredService<SegmentEngine>().TryStartAsync("a"));
        var second = await kit.RecomputeAsync();

        Assert.True(first.Started);
        Assert.True(second.AlreadyRunning);
        Assert.Equal(first.RunId, second.RunId);

        var done = await kit.UseAsync(sp => sp.GetRequiredService<SegmentEngine>().RunAsync(first.RunId));
        Assert.Equal(SegmentRunStatus.Completed, done.Status);
        Assert.Equal((SegmentEngine.StepCount, SegmentEngine.StepCount), (done.StepsDone, done.StepCount));
        Assert.True((await kit.RecomputeAsync()).Started);
    }

    [Fact]
    public async Task Two_racing_starts_give_one_run()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => kit.UseAsync(sp => sp.GetRequiredService<SegmentEngine>().TryStartAsync(null)))));

        Assert.Single(starts, s => s.Started);
        Assert.Equal(1, await kit.Database.CountAsync<SegmentRun>());
    }

    [Fact]
    public async Task A_run_abandoned_by_a_stopped_process_does_not_block_the_next()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var stuck = await kit.UseAsync(sp => sp.GetRequiredService<SegmentEngine>().TryStartAsync(null));
        kit.Database.Clock.Advance(kit.Options.AbandonedAfter + TimeSpan.FromMinutes(1));

        Assert.True((await kit.RecomputeAsync()).Started);
        var old = await kit.UseAsync(sp => sp.GetRequiredService<SegmentQueries>().RunAsync(stuck.RunId));
        Assert.Equal(SegmentRunStatus.Failed, old!.Status);
    }

    [Fact]
    public async Task Progress_is_reported_per_step()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var seen = new List<int>();
        await kit.UseAsync(sp => sp.GetRequiredService<SegmentEngine>().RecomputeAsync(null, new SyncProgress(p => seen.Add(p.StepsDone))));
        Assert.Equal([1, 2, 3, 4], seen);
    }

    private sealed class SyncProgress(Action<SegmentProgress> report) : IProgress<SegmentProgress>
    {
        public void Report(SegmentProgress value) => report(value);
    }
}
