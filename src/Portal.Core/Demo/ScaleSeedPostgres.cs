using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Core.Demo;

/// <summary>
/// The seed on PostgreSQL: one transaction, rows sent with binary COPY (<see cref="PostgresBulkCopy{T}"/>), the purchase
/// tables' secondary indexes and foreign keys set aside during the load and rebuilt after it (one sort and one join
/// instead of millions of index updates and key checks), the identity sequences moved past the new ids, then
/// <c>VACUUM ANALYZE</c> so the planner has statistics and index-only scans work from the first request.
/// </summary>
internal sealed class PostgresSeedStore(PortalDbContext db) : ScaleSeedStore(Open(db), db.Model)
{
    private readonly List<Action> _flushes = [];
    private readonly List<string> _dropped = [];
    private readonly List<string> _restore = [];
    private IReadOnlyList<string> _tables = [];

    // No command timeout: index builds and the checks of re-added keys take longer than 30 s at 2M purchases.
    private static NpgsqlConnection Open(PortalDbContext db) =>
        new(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { CommandTimeout = 0 }.ToString());

    private NpgsqlConnection Postgres => (NpgsqlConnection)Connection;

    public override Task OpenAsync(CancellationToken ct) => Connection.OpenAsync(ct);

    public override void BeginLoad()
    {
        Transaction = Postgres.BeginTransaction();
        // Index builds sort in memory; a portal still reading the tables makes the seed stop rather than wait forever.
        Exec("SET LOCAL maintenance_work_mem = '256MB'");
        Exec("SET LOCAL lock_timeout = '30s'");
    }

    public override IBulkRows<T> Rows<T>()
    {
        var copy = new PostgresBulkCopy<T>(Postgres, Model);
        _flushes.Add(copy.Flush);
        return copy;
    }

    public override void EndOfBatch()
    {
        foreach (var flush in _flushes) flush();
    }

    public override void DropIndexes(IReadOnlyList<string> tables)
    {
        _tables = tables;
        var regclasses = string.Join(", ", tables.Select(t => $"'{t}'::regclass"));
        // Foreign keys first (re-added last, each checked by one join); unique indexes a key depends on stay.
        using (var command = Postgres.CreateCommand())
        {
            command.CommandText = $"""
                SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                       format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
                FROM pg_constraint WHERE contype = 'f' AND conrelid IN ({regclasses})
                UNION ALL
                SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid IN ({regclasses}) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """;
            command.Transaction = (NpgsqlTransaction)Transaction!;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _dropped.Add(reader.GetString(0));
                _restore.Add(reader.GetString(1));
            }
        }
        foreach (var drop in _dropped) Exec(drop);
        // Indexes before the keys that may use them.
        _restore.Reverse();
    }

    public override int IndexSteps => _restore.Count + _tables.Count;

    public override void RestoreIndexes(Action<int> step, CancellationToken ct)
    {
        var i = 0;
        foreach (var sql in _restore)
        {
            ct.ThrowIfCancellationRequested();
            step(i++);
            Exec(sql);
        }
        // The rows came with their ids: the identity sequences must continue after them, or the next purchase collides.
        foreach (var table in _tables)
        {
            step(i++);
            Exec($"SELECT setval(pg_get_serial_sequence('{table}', 'Id'), MAX(\"Id\")) FROM {table} HAVING MAX(\"Id\") IS NOT NULL");
        }
    }

    public override async Task AfterCommitAsync(IReadOnlyList<string> tables, CancellationToken ct)
    {
        // Outside a transaction (VACUUM refuses one); sets the visibility map, so the covering index answers alone.
        await using var command = Postgres.CreateCommand();
        command.CommandText = $"VACUUM (ANALYZE) {string.Join(", ", tables)}";
        await command.ExecuteNonQueryAsync(ct);
    }
}
