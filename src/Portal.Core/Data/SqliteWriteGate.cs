using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

/// <summary>
/// Puts this process's busiest writers to a SQLite file in line: the points ledger and chat messages. SQLite has one
/// write lock, and a writer that finds it taken polls (busy_timeout) in sleeps of up to 100 ms: racing purchase
/// batches and chat messages spent most of their time asleep while the lock was free (bench/README.md). Writers here
/// queue on a semaphore instead and start as soon as the one before commits. Other writers still meet busy_timeout;
/// PostgreSQL needs no gate. Never enter it twice in one flow (no writer here calls another).
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the turn when <paramref name="db"/> is SQLite; dispose the result after commit or rollback.</summary>
    public async ValueTask<Turn> EnterAsync(PortalDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return default;
        return await EnterAsync(ct);
    }

    /// <summary>Waits for the turn, for a caller that knows the database is SQLite.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Turn(_gate);
    }

    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
