using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

/// <summary>
/// Puts this process's busiest writers to a SQLite file in line: the points ledger and chat messages. SQLite has one
/// write lock, and a writer that finds it taken polls (busy_timeout) in sleeps of up to 100 ms: racing purchase
/// batches and chat messages spent most of their time asleep while the lock was free (bench/README.md). Writers here
/// queue instead and start as soon as the one before commits, in the order they came, except the WAL checkpointer's
/// restart (<see cref="EnterFirstAsync"/>). Other writers still meet busy_timeout; PostgreSQL needs no gate. Never
/// enter it twice in one flow (no writer here calls another).
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private readonly Queue<TaskCompletionSource> _first = new();
    private bool _taken;

    /// <summary>Waits for the turn when <paramref name="db"/> is SQLite; dispose the result after commit or rollback.</summary>
    public async ValueTask<Turn> EnterAsync(PortalDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return default;
        return await EnterAsync(ct);
    }

    /// <summary>Waits for the turn, for a caller that knows the database is SQLite.</summary>
    public ValueTask<Turn> EnterAsync(CancellationToken ct) => EnterAsync(_waiting, ct);

    /// <summary>
    /// The next turn, ahead of the writers already waiting: the checkpointer restarts the WAL right after the
    /// batch it has just copied, before the queued batches add frames it would have to copy inside the turn.
    /// </summary>
    internal ValueTask<Turn> EnterFirstAsync(CancellationToken ct) => EnterAsync(_first, ct);

    private async ValueTask<Turn> EnterAsync(Queue<TaskCompletionSource> queue, CancellationToken ct)
    {
        TaskCompletionSource next;
        lock (_lock)
        {
            if (!_taken)
            {
                _taken = true;
                return new Turn(this);
            }
            next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Enqueue(next);
        }
        // A cancelled waiter stays queued; Release skips it.
        await using (ct.Register(() => next.TrySetCanceled(ct))) await next.Task;
        return new Turn(this);
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_first.TryDequeue(out var next) || _waiting.TryDequeue(out next))
                if (next.TrySetResult()) return;
            _taken = false;
        }
    }

    public readonly struct Turn(SqliteWriteGate? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
