using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

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
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecAsync(connection, "PRAGMA busy_timeout = 1000", ct);
        // PASSIVE waits for nobody: it copies the frames no reader still needs.
        var (log, copied) = await WalCheckpointAsync(connection, "PASSIVE", ct);
        if (log < RestartAt || copied < log) return;
        // Everything is copied; start the WAL over while no batch writes (readers are waited for by busy_timeout).
        using var turn = await gate.EnterAsync(ct);
        await WalCheckpointAsync(connection, "RESTART", ct);
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
