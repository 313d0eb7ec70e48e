using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Core.Data;

/// <summary>
/// A small read that runs on nearly every page (one row, or a bounded list), as a plain command on the context's
/// connection (and in its transaction, if any). EF Core rebuilds a FromSql query's SQL on every call (the analytics
/// dashboard's stamp was 7% of that page's CPU), and even a compiled query builds its shaper delegate again on each
/// call. The SQL is the same on SQLite and PostgreSQL. On SQLite, outside a transaction, it runs on
/// <see cref="SqliteHotReads"/>' connections, where the statement stays prepared.
/// </summary>
public static class HotReads
{
    public static async Task<T> FirstRowAsync<T>(PortalDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        if (db.HotReads is { } reads && db.Database.CurrentTransaction is null)
            return reads.FirstRow(sql, read, parameters);
        return await OnContextAsync(db, sql, async reader => await reader.ReadAsync(ct) ? read(reader) : default!, ct, parameters);
    }

    /// <summary>
    /// The first row's values joined into one string: the stamp a kept result was made under, compared on the next
    /// request (equal stamps mean nothing it was made from has changed).
    /// </summary>
    public static Task<string> StampAsync(PortalDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        FirstRowAsync(db, sql, r =>
        {
            var parts = new string[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++)
                parts[i] = r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            return string.Join('|', parts);
        }, ct, parameters);

    /// <summary>Every row, in the order the SQL gives (keep it bounded: LIMIT).</summary>
    public static async Task<List<T>> ListAsync<T>(PortalDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        if (db.HotReads is { } reads && db.Database.CurrentTransaction is null)
            return reads.Rows(sql, read, parameters);
        return await OnContextAsync(db, sql, async reader =>
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(ct)) rows.Add(read(reader));
            return rows;
        }, ct, parameters);
    }

    private static async Task<T> OnContextAsync<T>(PortalDbContext db, string sql, Func<DbDataReader, Task<T>> read, CancellationToken ct,
        (string Name, object Value)[] parameters)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A stored time as UTC, as the model's converter reads it (SQLite keeps text without a kind).</summary>
    public static DateTime GetUtc(this DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? GetUtcOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetUtc(ordinal);
}
