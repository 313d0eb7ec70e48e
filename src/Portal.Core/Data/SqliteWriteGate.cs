using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

/// <summary>
/// Puts this process's ledger writers to a SQLite file in line. SQLite has one write lock, and a writer that finds it
/// taken polls (busy_timeout) in sleeps of up to 100 ms: four shops sending purchase batches at once spent most of
/// their time asleep while the lock was free (bench/README.md). Writers here queue on a semaphore instead and start
/// as soon as the one before commits. Other writers still meet busy_timeout; PostgreSQL needs no gate.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the turn when <paramref name="db"/> is SQLite; dispose the result after commit or rollback.</summary>
    public async ValueTask<Turn> EnterAsync(PortalDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return default;
        await _gate.WaitAsync(ct);
        return new Turn(_gate);
    }

    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
