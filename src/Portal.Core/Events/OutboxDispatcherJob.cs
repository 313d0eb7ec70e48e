using Portal.Core.Jobs;

namespace Portal.Core.Events;

/// <summary>
/// The dispatcher as the periodic job "outbox-dispatcher". The job lease is what makes several instances safe:
/// only the instance holding it dispatches, so each event is handled on one instance.
/// </summary>
public sealed class OutboxDispatcherJob(OutboxDispatcher dispatcher) : IPeriodicJob
{
    public const string Name = "outbox-dispatcher";

    public static readonly JobSchedule Schedule = new(Name, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));

    public Task RunAsync(CancellationToken ct) => dispatcher.DispatchAsync(ct);
}
