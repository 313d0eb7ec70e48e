using System.Collections;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Core.Data;

/// <summary>
/// Runs EF Core's read queries outside a transaction on <see cref="SqliteHotReads"/>' connections, where each statement
/// stays prepared. EF Core makes a new command per query and Microsoft.Data.Sqlite keeps no statement cache, so every
/// page paid SQLite's parser and planner for every query again (about a tenth of a page's CPU in the profiles). A
/// read outside a transaction on another connection sees every committed write (WAL), as it would on the context's own.
/// Left on the context's connection: writes (SaveChanges' INSERT … RETURNING), anything inside a transaction, and SQL
/// calling the functions EF Core registers on its own connections.
/// </summary>
public sealed partial class SqlitePreparedReads(SqliteHotReads reads) : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Eligible(command) && reads.TryOpenReader((SqliteCommand)command) is { } reader ? InterceptionResult<DbDataReader>.SuppressWithResult(reader) : result;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    internal static bool Eligible(DbCommand command) =>
        command is SqliteCommand { Transaction: null, Connection.Handle: not null } sqlite
        && sqlite.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
        && !UsesProviderFunction(sqlite.CommandText);

    // Every query passes here: a plain substring search first, the regex only for the rare SQL that mentions one.
    private static bool UsesProviderFunction(string sql) =>
        (sql.Contains("ef_", StringComparison.OrdinalIgnoreCase) || sql.Contains("regexp", StringComparison.OrdinalIgnoreCase))
        && ProviderFunction().IsMatch(sql);

    // EF Core's SQLite functions (decimal arithmetic, regexp) exist only on the connections it opened itself.
    [GeneratedRegex(@"\b(ef_[a-z]+|regexp)\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProviderFunction();
}

/// <summary>A reader on one of <see cref="SqliteHotReads"/>' connections; closing it hands the connection back.</summary>
internal sealed class LeasedReader(SqliteDataReader inner, Action release) : DbDataReader
{
    private bool _closed;

    public override void Close()
    {
        if (_closed) return;
        _closed = true;
        // Disposing the reader resets the statement and keeps it prepared for the next call.
        inner.Dispose();
        release();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    public override Task CloseAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    public override bool Read() => inner.Read();
    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(inner.Read());
    public override bool NextResult() => inner.NextResult();
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => Task.FromResult(inner.NextResult());
    public override int Depth => inner.Depth;
    public override int FieldCount => inner.FieldCount;
    public override bool HasRows => inner.HasRows;
    public override bool IsClosed => _closed;
    public override int RecordsAffected => inner.RecordsAffected;
    public override object this[int ordinal] => inner[ordinal];
    public override object this[string name] => inner[name];
    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);
    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
    public override char GetChar(int ordinal) => inner.GetChar(ordinal);
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);
    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);
    public override string GetName(int ordinal) => inner.GetName(ordinal);
    public override int GetOrdinal(string name) => inner.GetOrdinal(name);
    public override string GetString(int ordinal) => inner.GetString(ordinal);
    public override object GetValue(int ordinal) => inner.GetValue(ordinal);
    public override int GetValues(object[] values) => inner.GetValues(values);
    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => Task.FromResult(inner.IsDBNull(ordinal));
    public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);
    public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) => Task.FromResult(inner.GetFieldValue<T>(ordinal));
    public override Stream GetStream(int ordinal) => inner.GetStream(ordinal);
    public override TextReader GetTextReader(int ordinal) => inner.GetTextReader(ordinal);
    public override System.Data.DataTable? GetSchemaTable() => inner.GetSchemaTable();
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);
}
