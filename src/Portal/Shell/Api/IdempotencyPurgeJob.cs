using Portal.Core.Data;
using Portal.Core.Jobs;

namespace Portal.Shell.Api;

/// <summary>The periodic job "idempotency-purge": once a day, forgets stored Idempotency-Key answers older than a day.</summary>
public sealed class IdempotencyPurgeJob(PortalDbContext db, TimeProvider clock, ILogger<IdempotencyPurgeJob> log) : IPeriodicJob
{
    public const string Name = "idempotency-purge";

    public static readonly JobSchedule Schedule = new(Name, TimeSpan.FromDays(1), Jitter: TimeSpan.FromHours(1), TimeLimit: TimeSpan.FromMinutes(10));

    public async Task RunAsync(CancellationToken ct)
    {
        var forgotten = await IdempotencyKeys.PurgeAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        log.LogInformation("{Forgotten} stored API answers expired", forgotten);
    }
}
