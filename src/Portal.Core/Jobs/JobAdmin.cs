using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Jobs;

/// <summary>A registered job with its stored state (a blank state when it never ran anywhere).</summary>
public sealed record JobStatus(JobSchedule Schedule, JobState State, DateTime RunnerStartedUtc)
{
    /// <summary>
    /// Succeeded within 2 × Interval + TimeLimit; a job that never succeeded is healthy until 2 × Interval after
    /// this process's runner started.
    /// </summary>
    public bool IsHealthy(DateTime nowUtc) => State.LastSuccessUtc is { } success
        ? nowUtc - success <= 2 * Schedule.Interval + Schedule.TimeLimit
        : nowUtc - RunnerStartedUtc <= 2 * Schedule.Interval;

    public bool IsRunning(DateTime nowUtc) => State.LeaseUntilUtc > nowUtc;
}

/// <summary>Every job with its schedule and state, for the admin page and the readiness check.</summary>
public sealed class JobAdmin(PortalDbContext db, JobRegistry registry, JobRunner runner, TimeProvider clock)
{
    public async Task<IReadOnlyList<JobStatus>> ListAsync(CancellationToken ct = default)
    {
        var states = await db.Set<JobState>().AsNoTracking().ToDictionaryAsync(s => s.Name, ct);
        return registry.All
            .Select(j => new JobStatus(j.Schedule, states.GetValueOrDefault(j.Schedule.Name) ?? new JobState { Name = j.Schedule.Name }, runner.StartedAtUtc))
            .ToList();
    }

    /// <summary>The jobs that are not healthy now (empty when all are).</summary>
    public async Task<IReadOnlyList<JobStatus>> UnhealthyAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (await ListAsync(ct)).Where(j => !j.IsHealthy(now)).ToList();
    }
}
