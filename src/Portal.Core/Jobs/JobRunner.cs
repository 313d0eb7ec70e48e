using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;

namespace Portal.Core.Jobs;

/// <summary>
/// Runs due periodic jobs. Before a run it claims the job's lease with one conditional UPDATE (due, and the lease
/// free, expired or already ours), which the database applies atomically on SQLite and PostgreSQL alike, so with
/// several instances over one database each run happens on exactly one of them.
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, JobRegistry registry, TimeProvider clock, ILogger<JobRunner> log)
{
    /// <summary>Held a little past the time limit, so recording the result never races another instance.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>When this runner was created: jobs that never ran are judged from here (<see cref="JobStatus.IsHealthy"/>).</summary>
    public DateTime StartedAtUtc { get; } = clock.GetUtcNow().UtcDateTime;

    private string Owner => InstanceId.ToString("N");

    /// <summary>Runs every registered job that is due, one after another; returns how many ran.</summary>
    public Task<int> RunDueAsync(CancellationToken ct) => RunDueAsync(registry.All, ct);

    internal async Task<int> RunDueAsync(IReadOnlyCollection<JobRegistration> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0) return 0;
        var due = await DueAsync(jobs, ct);
        var ran = 0;
        foreach (var job in jobs.Where(j => due.Contains(j.Schedule.Name)))
            if (await TryRunAsync(job, ct)) ran++;
        return ran;
    }

    /// <summary>Makes a job due now (a signal that it has work). False for an unknown job.</summary>
    public async Task<bool> TriggerAsync(string name, CancellationToken ct = default)
    {
        if (registry.Find(name) is not { } job) return false;
        await DueAsync([job], ct);
        var now = Now();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Set<JobState>().Where(s => s.Name == name).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextRunUtc, now), ct) > 0;
    }

    /// <summary>The names of the due jobs among <paramref name="jobs"/>, creating state rows for new ones.</summary>
    private async Task<HashSet<string>> DueAsync(IReadOnlyCollection<JobRegistration> jobs, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var names = jobs.Select(j => j.Schedule.Name).ToList();
        var states = await db.Set<JobState>().AsNoTracking().Where(s => names.Contains(s.Name))
            .Select(s => new { s.Name, s.NextRunUtc }).ToListAsync(ct);
        var now = Now();
        var due = states.Where(s => s.NextRunUtc is null || s.NextRunUtc <= now).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Except(states.Select(s => s.Name)))
        {
            db.ChangeTracker.Clear();
            db.Add(new JobState { Name = name });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                // Another instance created it first: the same row either way.
            }
            due.Add(name);
        }
        return due;
    }

    private async Task<bool> TryRunAsync(JobRegistration job, CancellationToken ct)
    {
        var schedule = job.Schedule;
        var name = schedule.Name;
        var owner = Owner;
        var now = Now();
        var leaseUntil = now + schedule.TimeLimit + LeaseMargin;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var claimed = await db.Set<JobState>()
                .Where(s => s.Name == name
                    && (s.NextRunUtc == null || s.NextRunUtc <= now)
                    && (s.LeaseUntilUtc == null || s.LeaseUntilUtc < now || s.LeaseOwner == owner))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.LeaseOwner, owner)
                    .SetProperty(x => x.LeaseUntilUtc, leaseUntil)
                    .SetProperty(x => x.LastRunStartedUtc, now), ct);
            if (claimed == 0) return false;
        }

        string? error = null;
        using var activity = Common.PortalTelemetry.Source.StartActivity("job " + name);
        activity?.SetTag("portal.job", name);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var limit = new CancellationTokenSource(schedule.TimeLimit, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var instance = (IPeriodicJob)scope.ServiceProvider.GetRequiredService(job.JobType);
            await instance.RunAsync(linked.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: give the lease back so another instance need not wait for it to expire.
            await FinishAsync(name, owner, null, stopped: true);
            throw;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            error = $"TimeoutException: stopped after its time limit of {schedule.TimeLimit}";
            log.LogError("Job {Job} did not finish within {TimeLimit}", name, schedule.TimeLimit);
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            log.LogError(e, "Job {Job} failed", name);
        }

        if (error is not null) activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
        Common.PortalTelemetry.JobFinished(name, error is null ? "ok" : "error", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var finished = Now();
        var jitter = TimeSpan.FromTicks(schedule.Jitter > TimeSpan.Zero ? Random.Shared.NextInt64(schedule.Jitter.Ticks + 1) : 0);
        await FinishAsync(name, owner, new Result(finished, finished + schedule.Interval + jitter, error), stopped: false);
        return true;
    }

    private sealed record Result(DateTime FinishedUtc, DateTime NextRunUtc, string? Error);

    private async Task FinishAsync(string name, string owner, Result? result, bool stopped)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var error = result?.Error is { } e ? Truncate(e, JobStateConfiguration.MaxErrorLength) : null;
        var updated = await db.Set<JobState>().Where(s => s.Name == name && s.LeaseOwner == owner).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseUntilUtc, (DateTime?)null);
            if (stopped || result is null) return;
            s.SetProperty(x => x.LastRunFinishedUtc, result.FinishedUtc)
                .SetProperty(x => x.NextRunUtc, result.NextRunUtc)
                .SetProperty(x => x.RunCount, x => x.RunCount + 1);
            if (error is null)
                s.SetProperty(x => x.LastSuccessUtc, result.FinishedUtc).SetProperty(x => x.LastError, (string?)null);
            else
                s.SetProperty(x => x.LastError, error).SetProperty(x => x.FailureCount, x => x.FailureCount + 1);
        }, CancellationToken.None);
        if (updated == 0) log.LogWarning("Job {Job} lost its lease before it finished", name);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
