namespace Portal.Core.Jobs;

/// <summary>Work that runs every so often on one instance at a time (see <see cref="JobRunner"/>). Scoped.</summary>
public interface IPeriodicJob
{
    /// <param name="ct">Cancelled at the schedule's time limit or when the application stops.</param>
    Task RunAsync(CancellationToken ct);
}

/// <param name="Name">Stable: the key of the job's stored state and lease.</param>
/// <param name="Interval">From the end of one run to the start of the next.</param>
/// <param name="Jitter">Up to this much is added to each interval, so instances and jobs do not fire in step.</param>
/// <param name="TimeLimit">A run is cancelled after this long; the lease is held a little longer.</param>
public sealed record JobSchedule(string Name, TimeSpan Interval, TimeSpan Jitter, TimeSpan TimeLimit);

/// <summary>One job as added by AddPeriodicJob.</summary>
public sealed record JobRegistration(JobSchedule Schedule, Type JobType);

/// <summary>Every registered job, in registration order.</summary>
public sealed class JobRegistry
{
    private readonly Dictionary<string, JobRegistration> _byName = new(StringComparer.Ordinal);

    public JobRegistry(IEnumerable<JobRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_byName.TryAdd(registration.Schedule.Name, registration))
                throw new InvalidOperationException($"Two periodic jobs are named {registration.Schedule.Name}.");
        }
    }

    public IReadOnlyCollection<JobRegistration> All => _byName.Values;

    public JobRegistration? Find(string name) => _byName.GetValueOrDefault(name);
}
