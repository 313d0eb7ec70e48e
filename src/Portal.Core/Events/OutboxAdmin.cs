using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Events;

public sealed record DeadLetter(long Id, Guid EventId, string Type, string StreamKey, int Attempts, string? LastError, DateTime OccurredAtUtc, DateTime DeadLetteredAtUtc);

/// <summary>What an administrator sees of the outbox, and the one thing they can do: send a dead letter again.</summary>
public sealed class OutboxAdmin(PortalDbContext db, TimeProvider clock, OutboxSignal signal)
{
    private IQueryable<OutboxMessage> Pending =>
        db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ProcessedAtUtc == null && m.DeadLetteredAtUtc == null);

    private IQueryable<OutboxMessage> Dead =>
        db.Set<OutboxMessage>().AsNoTracking().Where(m => m.DeadLetteredAtUtc != null);

    /// <summary>Messages waiting for delivery (dead letters not counted).</summary>
    public Task<int> BacklogCountAsync(CancellationToken ct = default) => Pending.CountAsync(ct);

    /// <summary>How long the oldest waiting message has waited; null when nothing waits.</summary>
    public async Task<TimeSpan?> OldestPendingAgeAsync(CancellationToken ct = default)
    {
        var oldest = await Pending.OrderBy(m => m.Id).Select(m => (DateTime?)m.OccurredAtUtc).FirstOrDefaultAsync(ct);
        return oldest is null ? null : clock.GetUtcNow().UtcDateTime - oldest.Value;
    }

    public Task<int> DeadLetterCountAsync(CancellationToken ct = default) => Dead.CountAsync(ct);

    /// <summary>Dead letters, newest first; <paramref name="page"/> starts at 1.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int page = 1, int pageSize = 50, CancellationToken ct = default) =>
        await Dead.OrderByDescending(m => m.Id).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize)
            .Select(m => new DeadLetter(m.Id, m.EventId, m.Type, m.StreamKey, m.Attempts, m.LastError, m.OccurredAtUtc, m.DeadLetteredAtUtc!.Value))
            .ToListAsync(ct);

    /// <summary>Makes a dead letter pending again, due now, with its attempts reset. False when it is not a dead letter.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<OutboxMessage>().Where(m => m.Id == id && m.DeadLetteredAtUtc != null && m.ProcessedAtUtc == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.DeadLetteredAtUtc, (DateTime?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAtUtc, now), ct);
        if (changed == 0) return false;
        signal.Notify();
        return true;
    }
}
