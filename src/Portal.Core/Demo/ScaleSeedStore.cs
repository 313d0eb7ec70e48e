using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Core.Data;

namespace Portal.Core.Demo;

/// <summary>
/// What <see cref="ScaleSeed"/> needs from a database, once per provider: the checks before seeding, removing an earlier
/// seed, one transaction for the load with bulk writers for its rows, and the purchase tables' indexes set aside during
/// the load and rebuilt after it. The rows themselves come from the one generator in <see cref="ScaleSeed"/>.
/// </summary>
internal abstract class ScaleSeedStore(DbConnection connection, IModel model) : IAsyncDisposable
{
    public static ScaleSeedStore For(PortalDbContext db) =>
        db.Database.IsSqlite() ? new SqliteSeedStore(db) :
        db.Database.IsNpgsql() ? new PostgresSeedStore(db) :
        throw new NotSupportedException($"The seed command writes SQLite and PostgreSQL databases, not {db.Database.ProviderName}.");

    protected DbConnection Connection { get; } = connection;
    protected DbTransaction? Transaction { get; set; }
    protected IModel Model { get; } = model;

    public string Table<T>() => "\"" + Model.FindEntityType(typeof(T))!.GetTableName() + "\"";

    public abstract Task OpenAsync(CancellationToken ct);

    public int Count(string sql) => Convert.ToInt32(Scalar(sql));

    public string? Text(string sql) => Scalar(sql) as string;

    public HashSet<string> Strings(string sql)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    public long NextId(string table) => Convert.ToInt64(Scalar($"SELECT COALESCE(MAX(\"Id\"), 0) FROM {table}")) + 1;

    /// <summary>Deletes the earlier seed's customers with their purchases, lines, refunds and roles, in a transaction of its own.</summary>
    public void RemoveEarlierSeed(string seedPattern, string users, string userRoles, string purchases, string lines, string refunds)
    {
        BeforeRemoval();
        using var tx = Connection.BeginTransaction();
        Transaction = tx;
        // Whatever else refers to these customers goes with them through its cascading key (or stops the removal).
        Exec($"CREATE TEMP TABLE seed_old AS SELECT \"Id\" FROM {users} WHERE \"NormalizedEmail\" LIKE '{seedPattern}'");
        Exec($"CREATE TEMP TABLE seed_old_purchases AS SELECT \"Id\" FROM {purchases} WHERE \"CustomerId\" IN (SELECT \"Id\" FROM seed_old)");
        Exec($"DELETE FROM {lines} WHERE \"PurchaseId\" IN (SELECT \"Id\" FROM seed_old_purchases)");
        Exec($"DELETE FROM {refunds} WHERE \"PurchaseId\" IN (SELECT \"Id\" FROM seed_old_purchases)");
        Exec($"DELETE FROM {purchases} WHERE \"Id\" IN (SELECT \"Id\" FROM seed_old_purchases)");
        Exec($"DELETE FROM {userRoles} WHERE \"UserId\" IN (SELECT \"Id\" FROM seed_old)");
        Exec($"DELETE FROM {users} WHERE \"Id\" IN (SELECT \"Id\" FROM seed_old)");
        Exec("DROP TABLE seed_old");
        Exec("DROP TABLE seed_old_purchases");
        tx.Commit();
        Transaction = null;
    }

    /// <summary>Whatever the provider needs before <see cref="RemoveEarlierSeed"/>'s transaction (outside it).</summary>
    protected virtual void BeforeRemoval() { }

    /// <summary>Starts the one transaction of the load: an interrupted seed leaves the database as it was.</summary>
    public abstract void BeginLoad();

    public abstract IBulkRows<T> Rows<T>() where T : class;

    /// <summary>The rows added so far are complete (purchases before their lines): a writer that buffers sends them.</summary>
    public virtual void EndOfBatch() { }

    /// <summary>Sets the tables' secondary indexes aside: building them once at the end beats updating them row by row.</summary>
    public abstract void DropIndexes(IReadOnlyList<string> tables);

    public abstract int IndexSteps { get; }

    /// <summary>Rebuilds what <see cref="DropIndexes"/> set aside, reporting each step.</summary>
    public abstract void RestoreIndexes(Action<int> step, CancellationToken ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        await Transaction!.CommitAsync(ct);
        await Transaction.DisposeAsync();
        Transaction = null;
    }

    /// <summary>After the commit: whatever makes the new rows ready for queries (statistics).</summary>
    public virtual Task AfterCommitAsync(IReadOnlyList<string> tables, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Another connection had the database open, so the load took a slower path.</summary>
    public virtual bool SharedDatabase => false;

    public virtual async ValueTask DisposeAsync()
    {
        if (Transaction is not null) await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    public void Exec(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var command = Command(sql);
        return command.ExecuteScalar();
    }

    private DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }
}
