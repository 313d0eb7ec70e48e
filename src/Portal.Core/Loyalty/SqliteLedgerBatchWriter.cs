using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Loyalty;

/// <summary>
/// Stores a <see cref="LedgerBatch"/>'s purchases (with their lines), ledger entries, allocations and events on SQLite
/// with prepared INSERTs instead of tracked entities and SaveChanges: for a batch of 500 purchases, tracking, sorting
/// and reading back thousands of rows one <c>INSERT … RETURNING</c> at a time was most of the batch. The rows and their
/// SQL values are the same (columns and conversions come from the model). The ids are given here, which is safe
/// because the batch's transaction holds SQLite's one write lock from its start (<c>BEGIN IMMEDIATE</c>), so nobody
/// else can take the next ids meanwhile. The accounts are written here too, each update only where its version is
/// still the one read (SaveChanges' concurrency check); anything else in the context is saved by SaveChanges.
/// </summary>
internal sealed class SqliteLedgerBatchWriter(PortalDbContext db)
{
    private readonly PortalDbContext _db = db;

    /// <summary>SQLite: a batch's rows are kept out of the context and stored by this writer.</summary>
    public static bool Applies(PortalDbContext db) => db.Database.IsSqlite();

    private const long WideCacheKiB = 65_536;

    /// <summary>
    /// Opens <paramref name="db"/>'s connection with a 64 MB page cache until disposed, then puts back the size it had;
    /// with <paramref name="checkpointer"/>, automatic checkpoints are off on it meanwhile (that checkpointer copies the WAL).
    /// A batch of 500 purchases for as many customers dirties thousands of index pages (one customer's place in each);
    /// in SQLite's default 2 MB cache they spill to the WAL mid-transaction and are read back (the batch's writes took
    /// 114 ms instead of 60–65 on the 100k-customer database; bench/README.md). Null when the database is not SQLite.
    /// </summary>
    public static async Task<IAsyncDisposable?> WideCacheAsync(PortalDbContext db, SqliteCheckpointer? checkpointer, CancellationToken ct)
    {
        if (!Applies(db)) return null;
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        try
        {
            await using var read = connection.CreateCommand();
            read.CommandText = "PRAGMA cache_size";
            var before = Convert.ToInt64(await read.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            await using var widen = connection.CreateCommand();
            widen.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {-WideCacheKiB}");
            await widen.ExecuteNonQueryAsync(ct);
            long? autoCheckpoint = null;
            if (checkpointer is not null)
            {
                await using var readCheckpoint = connection.CreateCommand();
                readCheckpoint.CommandText = "PRAGMA wal_autocheckpoint";
                autoCheckpoint = Convert.ToInt64(await readCheckpoint.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                await using var off = connection.CreateCommand();
                off.CommandText = "PRAGMA wal_autocheckpoint = 0";
                await off.ExecuteNonQueryAsync(ct);
            }
            return new CacheSize(db, before, autoCheckpoint);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    private sealed class CacheSize(PortalDbContext db, long before, long? autoCheckpoint) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var restore = db.Database.GetDbConnection().CreateCommand();
                restore.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {before}")
                    + (autoCheckpoint is { } pages ? string.Create(CultureInfo.InvariantCulture, $"; PRAGMA wal_autocheckpoint = {pages}") : "");
                await restore.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="rows"/> (in the order the batch added them), saves the context (the accounts), then
    /// writes the events, created now so that they carry the new ids; all in the current transaction. Returns what
    /// the telemetry counts, and whether any event was stored.
    /// </summary>
    public async Task<(PortalTelemetry.LedgerChanges Changes, bool Events)> WriteAsync(IReadOnlyList<object> rows, Outbox? outbox,
        List<Func<IDomainEvent>> events, CancellationToken ct)
    {
        var purchases = rows.OfType<Purchase>().ToList();
        var entries = rows.OfType<PointsEntry>().ToList();
        var allocations = rows.OfType<PointsAllocation>().ToList();
        if (purchases.Count + entries.Count + allocations.Count != rows.Count)
            throw new InvalidOperationException("A ledger batch added a row its writer does not store.");

        var connection = (SqliteConnection)_db.Database.GetDbConnection();
        var transaction = (SqliteTransaction)_db.Database.CurrentTransaction!.GetDbTransaction();
        IEntityType[] tables = [Table<Purchase>(), Table<PurchaseLine>(), Table<PointsEntry>(), Table<PointsAllocation>(), Table<OutboxMessage>()];
        var next = await LastIdsAsync(connection, transaction, tables, ct);

        // Ids first, in the order the rows were added, so that references can be filled in before anything is written.
        foreach (var purchase in purchases)
        {
            purchase.Id = ++next[0];
            foreach (var line in purchase.Lines)
            {
                line.Id = ++next[1];
                line.PurchaseId = purchase.Id;
            }
        }
        foreach (var entry in entries)
        {
            entry.Id = ++next[2];
            if (entry.Purchase is { } purchase) entry.PurchaseId = purchase.Id;
        }
        foreach (var allocation in allocations)
        {
            allocation.Id = ++next[3];
            allocation.DebitEntryId = allocation.Debit.Id;
            // A lot credited in this batch is referenced by its row; a stored one by its id.
            if (allocation.Credit is { } credit) allocation.CreditEntryId = credit.Id;
        }

        try
        {
            Write(tables[0], purchases.Select(p => (p as object, p.Id)));
            Write(tables[1], purchases.SelectMany(p => p.Lines).Select(l => (l as object, l.Id)));
            Write(tables[2], entries.Select(e => (e as object, e.Id)));
            Write(tables[3], allocations.Select(a => (a as object, a.Id)));
            WriteAccounts(connection);
            await _db.SaveChangesAsync(ct);
            var stored = false;
            if (outbox is not null && events.Count > 0)
            {
                var messages = events.Select(create => outbox.Message(create(), Outbox.NewEventId())).ToList();
                Write(tables[4], messages.Select(m => (m as object, ++next[4])));
                stored = true;
            }
            events.Clear();
            return (new PortalTelemetry.LedgerChanges([.. entries.Select(e => (e.Kind, e.Points))], purchases.Count, 0), stored);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // A constraint (a unique key): the exception SaveChanges would throw, so that the ledger's retry sees it.
            throw new DbUpdateException(e.Message, e);
        }

        void Write(IEntityType table, IEnumerable<(object Row, long Id)> values)
        {
            using var insert = new Insert(_db, table, connection);
            foreach (var (row, id) in values) insert.Run(row, id);
        }
    }

    /// <summary>
    /// The batch's new and changed accounts (500 through SaveChanges were an eighth of a batch's time in the lock).
    /// An account another writer changed since it was read fails the batch as SaveChanges would, so that it starts again.
    /// </summary>
    private void WriteAccounts(SqliteConnection connection)
    {
        var changed = _db.ChangeTracker.Entries<PointsAccount>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        if (changed.Count == 0) return;
        var table = Table<PointsAccount>();
        using var insert = new Insert(_db, table, connection);
        using var update = new Update(_db, table, connection);
        foreach (var entry in changed)
        {
            if (entry.State == EntityState.Added) insert.Run(entry.Entity, id: null);
            else if (!update.Run(entry.Entity, entry.OriginalValues))
                throw new DbUpdateConcurrencyException($"The points account of {entry.Entity.CustomerId} changed since the batch read it.");
            entry.State = EntityState.Unchanged;
        }
    }

    private IEntityType Table<T>() => _db.Model.FindEntityType(typeof(T))!;

    private static StoreObjectIdentifier StoreObject(IEntityType type) => StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());

    /// <summary>The last id of each table as its next INSERT would see it (AUTOINCREMENT: never below sqlite_sequence).</summary>
    private async Task<long[]> LastIdsAsync(SqliteConnection connection, SqliteTransaction transaction, IEntityType[] types, CancellationToken ct)
    {
        var sql = _db.GetService<ISqlGenerationHelper>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT " + string.Join(", ", types.Select((type, i) =>
        {
            var table = StoreObject(type);
            var key = type.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!;
            command.Parameters.AddWithValue("$t" + i, table.Name);
            return $"max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = $t{i}), 0), coalesce((SELECT max({sql.DelimitIdentifier(key)}) FROM {sql.DelimitIdentifier(table.Name)}), 0))";
        }));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return [.. types.Select((_, i) => reader.GetInt64(i))];
    }

    /// <summary>
    /// One prepared INSERT of every mapped column of a table, run once per row. Values are bound by position through
    /// SQLite's own API: Microsoft.Data.Sqlite looks every parameter up by name on each execution, which was a third
    /// of the batch. They are converted as SaveChanges does (the model's converters) and bound as Microsoft.Data.Sqlite
    /// binds them (times and GUIDs as its text forms), so the stored values are the same.
    /// </summary>
    private sealed class Insert : Statement
    {
        public Insert(PortalDbContext db, IEntityType type, SqliteConnection connection) : base(db, type, connection, type.GetProperties(),
            (sql, table, columns) => $"INSERT INTO {sql.DelimitIdentifier(table.Name)} ("
                + string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))
                + ") VALUES (" + string.Join(", ", columns.Select((_, i) => "?" + (i + 1))) + ")")
        {
        }

        /// <summary>Inserts <paramref name="row"/>, with <paramref name="id"/> as its key when given.</summary>
        public void Run(object row, long? id)
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                var column = Columns[i].Property;
                BindColumn(i, column.IsPrimaryKey() && id is { } key ? key : column.PropertyInfo!.GetValue(row));
            }
            Step();
        }
    }

    /// <summary>One prepared UPDATE of every column of a row by its key, where its concurrency tokens have their original values.</summary>
    private sealed class Update : Statement
    {
        // The columns are the SET ones (all but the key), then the WHERE ones (the key, then the tokens' original values).
        private readonly int _set;

        public Update(PortalDbContext db, IEntityType type, SqliteConnection connection) : base(db, type, connection, [.. Set(type), .. Where(type)],
            (sql, table, columns) =>
            {
                var assign = columns.Select((c, i) => $"{sql.DelimitIdentifier(c.GetColumnName(table)!)} = ?{i + 1}").ToList();
                var set = Set(type).Count();
                return $"UPDATE {sql.DelimitIdentifier(table.Name)} SET {string.Join(", ", assign.Take(set))} WHERE {string.Join(" AND ", assign.Skip(set))}";
            })
            => _set = Set(type).Count();

        private static IEnumerable<IProperty> Set(IEntityType type) => type.GetProperties().Where(p => !p.IsPrimaryKey());

        private static IEnumerable<IProperty> Where(IEntityType type) => type.FindPrimaryKey()!.Properties.Concat(type.GetProperties().Where(p => p.IsConcurrencyToken));

        /// <summary>Updates <paramref name="row"/>; false when no row had its key and original tokens.</summary>
        public bool Run(object row, Microsoft.EntityFrameworkCore.ChangeTracking.PropertyValues original)
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                var column = Columns[i].Property;
                BindColumn(i, i < _set ? column.PropertyInfo!.GetValue(row) : original[column]);
            }
            Step();
            return raw.sqlite3_changes(Handle) == 1;
        }
    }

    /// <summary>A prepared statement over a table's columns, bound by position.</summary>
    private abstract class Statement : IDisposable
    {
        protected readonly (IProperty Property, ValueConverter? Converter)[] Columns;
        protected readonly sqlite3 Handle;
        private readonly sqlite3_stmt _statement;

        protected Statement(PortalDbContext db, IEntityType type, SqliteConnection connection, IEnumerable<IProperty> columns,
            Func<ISqlGenerationHelper, StoreObjectIdentifier, IReadOnlyList<IProperty>, string> text)
        {
            Columns = [.. columns.Select(p => (p, p.GetRelationalTypeMapping().Converter))];
            if (Columns.Any(c => c.Property.PropertyInfo is null))
                throw new InvalidOperationException($"{type.DisplayName()} has a property without a CLR property; the batch writer cannot store it.");
            Handle = connection.Handle!;
            Check(raw.sqlite3_prepare_v2(Handle, text(db.GetService<ISqlGenerationHelper>(), StoreObject(type), [.. Columns.Select(c => c.Property)]), out _statement));
        }

        /// <summary>Binds the model value of column <paramref name="index"/> (converted as SaveChanges converts it).</summary>
        protected void BindColumn(int index, object? value)
        {
            if (value is not null && Columns[index].Converter is { } converter) value = converter.ConvertToProvider(value);
            Check(Bind(index + 1, value));
        }

        protected void Step()
        {
            var done = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (done != raw.SQLITE_DONE) Check(done);
        }

        private int Bind(int index, object? value) => value switch
        {
            null => raw.sqlite3_bind_null(_statement, index),
            long l => raw.sqlite3_bind_int64(_statement, index, l),
            int n => raw.sqlite3_bind_int64(_statement, index, n),
            bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
            string s => raw.sqlite3_bind_text(_statement, index, s),
            DateTime t => raw.sqlite3_bind_text(_statement, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            Guid g => raw.sqlite3_bind_text(_statement, index, g.ToString().ToUpperInvariant()),
            _ => throw new NotSupportedException($"The batch writer does not bind {value.GetType()}."),
        };

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
                throw new SqliteException(raw.sqlite3_errmsg(Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(Handle));
        }

        public void Dispose() => _statement.Dispose();
    }
}
