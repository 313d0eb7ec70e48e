using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Demo;

/// <summary>
/// The seed on SQLite: our own unpooled connection (its PRAGMAs end with it, and idle pooled ones must not keep WAL mode
/// pinned), a rollback journal and no fsync during the load, prepared INSERTs (<see cref="SqliteBulkInsert{T}"/>).
/// </summary>
internal sealed class SqliteSeedStore(PortalDbContext db) : ScaleSeedStore(Open(db), db.Model)
{
    private readonly List<(string Name, string Sql)> _indexes = [];
    private string? _journal;
    private string? _loadJournal;

    private static SqliteConnection Open(PortalDbContext db)
    {
        SqliteConnection.ClearAllPools();
        return new SqliteConnection(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString());
    }

    private SqliteConnection Sqlite => (SqliteConnection)Connection;

    public override async Task OpenAsync(CancellationToken ct)
    {
        await Connection.OpenAsync(ct);
        Exec("PRAGMA busy_timeout=5000");
    }

    // Foreign keys on, so whatever else refers to these customers goes with them (or stops the removal).
    protected override void BeforeRemoval() => Exec("PRAGMA foreign_keys=ON");

    public override void BeginLoad()
    {
        _journal = (string)Scalar("PRAGMA journal_mode")!;
        // A rollback journal only records pages that existed before the transaction, so appending costs no double
        // write (WAL would copy every page twice). Fsync off: an interrupted run rolls back, nothing else needs it.
        using (var command = Sqlite.CreateCommand())
        {
            // Microsoft.Data.Sqlite retries a busy statement until the command timeout: wait a second, not thirty.
            command.CommandText = "PRAGMA journal_mode=DELETE";
            command.CommandTimeout = 1;
            // Another connection has the file open in WAL mode: the load goes through WAL.
            try { _loadJournal = (string)command.ExecuteScalar()!; }
            catch (SqliteException e) when (e.SqliteErrorCode == 5) { _loadJournal = _journal; }
        }
        Exec("PRAGMA synchronous=OFF");
        Exec("PRAGMA cache_size=-262144");
        Exec("PRAGMA temp_store=MEMORY");
        // Rows are consistent by construction; checking each reference would only slow the load.
        Exec("PRAGMA foreign_keys=OFF");
        Transaction = Sqlite.BeginTransaction();
    }

    public override IBulkRows<T> Rows<T>() => new SqliteBulkInsert<T>(Sqlite, (SqliteTransaction)Transaction!, Model);

    public override void DropIndexes(IReadOnlyList<string> tables)
    {
        using (var list = Sqlite.CreateCommand())
        {
            list.Transaction = (SqliteTransaction)Transaction!;
            list.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(", ", tables)})".Replace('"', '\'');
            using var reader = list.ExecuteReader();
            while (reader.Read()) _indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in _indexes) Exec($"DROP INDEX \"{name}\"");
    }

    public override int IndexSteps => _indexes.Count;

    public override void RestoreIndexes(Action<int> step, CancellationToken ct)
    {
        for (var i = 0; i < _indexes.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            step(i);
            Exec(_indexes[i].Sql);
        }
    }

    public override bool SharedDatabase => _loadJournal is not null && !_loadJournal.Equals("delete", StringComparison.OrdinalIgnoreCase);

    public override async ValueTask DisposeAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }
        if (_journal is not null && _journal != _loadJournal && Connection.State == System.Data.ConnectionState.Open)
            Exec($"PRAGMA journal_mode={_journal}");
        await base.DisposeAsync();
    }
}
