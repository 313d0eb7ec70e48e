using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Portal.Core.Data;

/// <summary>
/// Copies the WAL back into the SQLite file after purchase batches, on its own connection and off their path. SQLite
/// checkpoints at the commit that crosses 1,000 pages, inside the writer's lock; a batch of 500 purchases writes
/// about 2,500, so every batch paid a checkpoint before the next could start (bench/README.md). The batches turn
/// automatic checkpoints off on their connection and call <see cref="Notify"/> after committing; a passive
/// checkpoint then runs beside the next batch. A WAL that writers keep busy never starts over by itself, so once it
/// is long and fully copied it is restarted in the write gate, between two batches.
/// </summary>
public sealed class SqliteCheckpointer(SqliteWriteGate gate, string connectionString, ILogger<SqliteCheckpointer> logger) : IAsyncDisposable
{
    /// <summary>Restart the WAL when it holds this many frames (64 MB of 4 KB pages).</summary>
    internal const int RestartFrames = 16_384;

    /// <summary>The WAL length that restarts it (tests set it low).</summary>
    internal int RestartAt { get; set; } = RestartFrames;

    /// <summary>Completes when the checkpoints asked for so far are done.</summary>
    internal Task Idle
    {
        get
        {
            lock (_lock) return _current;
        }
    }

    private readonly object _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _running, _again;
    private long _restartedAt = -1;
    private Task _current = Task.CompletedTask;

    /// <summary>Checkpoints (several calls while one runs make one more).</summary>
    public void Notify()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested) return;
            if (_running)
            {
                _again = true;
                return;
            }
            _running = true;
            _current = Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                await CheckpointAsync(_stopping.Token);
                lock (_lock)
                {
                    if (!_again || _stopping.IsCancellationRequested)
                    {
                        _running = false;
                        return;
                    }
                    _again = false;
                }
            }
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException) logger.LogWarning(e, "WAL checkpoint failed; the next batch tries again.");
            lock (_lock) _running = false;
        }
    }

    private async Task CheckpointAsync(CancellationToken ct)
    {
        // Not from the pool: the busy_timeout set here stays on the handle, and requests get the pool's handles.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await ExecAsync(connection, "PRAGMA busy_timeout = 1000", ct);
        // PASSIVE waits for nobody: it copies the frames no reader still needs.
        var (log, copied) = await WalCheckpointAsync(connection, "PASSIVE", ct);
        // The same length as right after the last restart: nothing committed since, and the next batch starts the WAL over.
        if (log < RestartAt || copied < log || log == _restartedAt) return;
        // Everything is copied; start the WAL over while no batch writes. Queued behind the batches already waiting, the
        // restart first had to copy all their frames inside its turn: 170 ms, every sixth batch (bench/README.md). It
        // takes the next turn instead, after the one batch writing now. A reader still on the WAL made RESTART wait in
        // SQLite's busy handler (up to the 1 s busy_timeout) while holding the gate; here it gives up at once, and the
        // next batch's checkpoint tries again. Only a WAL grown far past the mark waits for its readers.
        var wait = log >= RestartAt * 4L;
        using var turn = await gate.EnterFirstAsync(ct);
        if (!wait) await ExecAsync(connection, "PRAGMA busy_timeout = 0", ct);
        var rc = raw.sqlite3_wal_checkpoint_v2(connection.Handle, "main", raw.SQLITE_CHECKPOINT_RESTART, out var after, out _);
        if (rc == raw.SQLITE_OK) _restartedAt = after;
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED)) throw new SqliteException("WAL restart failed.", rc);
    }

    private static async Task<(long Log, long Copied)> WalCheckpointAsync(SqliteConnection connection, string mode, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        Task current;
        lock (_lock)
        {
            _stopping.Cancel();
            current = _current;
        }
        try
        {
            await current;
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }
}
