using Portal.Core.Jobs;
using Portal.Core.Segments;

namespace Portal.Segments;

/// <summary>The periodic job "segments-recompute", once a day (Segments:RecomputeHours, 24 by default).</summary>
public sealed class SegmentsRecomputeJob(SegmentEngine engine, ILogger<SegmentsRecomputeJob> log) : IPeriodicJob
{
    public const string Name = "segments-recompute";

    public static JobSchedule Schedule(IConfiguration config) => new(Name,
        TimeSpan.FromHours(config.GetValue("Segments:RecomputeHours", 24.0)),
        Jitter: TimeSpan.FromMinutes(30),
        TimeLimit: TimeSpan.FromMinutes(30));

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await engine.RecomputeAsync(null, null, ct);
        if (result.AlreadyRunning)
            log.LogInformation("Segment recompute skipped: run {RunId} is still running", result.RunId);
        else
            log.LogInformation("Segments recomputed in {Ms} ms: {Scored} scored, {Changed} changed",
                result.Run!.DurationMs, result.Run.CustomersScored, result.Run.CustomersChanged);
    }
}

/// <summary>Starts a staff-requested run and computes it in the background, so the page can show its progress.</summary>
public sealed class SegmentRecomputeLauncher(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<SegmentRecomputeLauncher> log)
{
    public async Task<SegmentRecomputeResult> StartAsync(string? userId, CancellationToken ct)
    {
        SegmentRecomputeResult start;
        await using (var scope = scopes.CreateAsyncScope())
            start = await scope.ServiceProvider.GetRequiredService<SegmentEngine>().TryStartAsync(userId, ct);
        if (start.AlreadyRunning) return start;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SegmentEngine>().RunAsync(start.RunId, null, lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                // The run is marked Failed with the message; the staff page shows it.
                log.LogError(e, "Segment recompute {RunId} failed", start.RunId);
            }
        }, CancellationToken.None);
        return start;
    }
}
