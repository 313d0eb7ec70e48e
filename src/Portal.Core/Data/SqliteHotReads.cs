using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Data;

/// <summary>
/// Open SQLite connections for <see cref="HotReads"/>, each keeping its commands prepared. A page's own connection is
/// closed after every request, which throws its prepared statements away, and EF Core makes a new command per query:
/// parsing and planning the same few statements was most of SQLite's time on a page. Outside a transaction a read on
/// another connection sees every committed write (WAL), so these reads need not share the request's connection.
/// </summary>
public sealed partial class SqliteHotReads(string connectionString) : IDisposable
{
    // Enough for the requests that run at once; more are opened when needed and closed on return.
    private const int MaxIdle = 16;
    // The SQL is constant per call site (EF Core's too, bar IN lists); the bound keeps a connection's cache from growing.
    private const int MaxCommands = 128;

    private readonly ConcurrentStack<Connection> _idle = new();
    private volatile bool _disposed;

    /// <summary>Null for an in-memory database: another connection would see another database.</summary>
    public static SqliteHotReads? For(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? null : new SqliteHotReads(connectionString);
    }

    public T FirstRow<T>(string sql, Func<DbDataReader, T> read, (string Name, object Value)[] parameters) =>
        Run(sql, reader => reader.Read() ? read(reader) : default!, parameters);

    public List<T> Rows<T>(string sql, Func<DbDataReader, T> read, (string Name, object Value)[] parameters) =>
        Run(sql, reader =>
        {
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        }, parameters);

    private T Run<T>(string sql, Func<DbDataReader, T> read, (string Name, object Value)[] parameters)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = Rent();
        try
        {
            var result = connection.Run(sql, read, parameters);
            Return(connection);
            return result;
        }
        catch
        {
            // Its state is unknown after a failure: it is not used again.
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="source"/>'s statement on one of these connections, prepared once per connection; the connection
    /// is this reader's until it is closed. Null when the statement cannot be prepared here (it stays with its own).
    /// </summary>
    internal DbDataReader? TryOpenReader(SqliteCommand source)
    {
        if (_disposed) return null;
        var connection = Rent();
        try
        {
            var reader = connection.Open(source);
            Interlocked.Increment(ref _leased);
            return new LeasedReader(reader, () => Return(connection));
        }
        catch (Exception e)
        {
            // Its state is unknown after a failure: it is not used again. SQLite's own errors (a statement this
            // connection cannot prepare) go back to the context's connection; anything else is a bug and is thrown.
            connection.Dispose();
            if (e is SqliteException) return null;
            throw;
        }
    }

    private long _leased;

    /// <summary>How many EF Core readers ran here (tests: the interceptor took the query).</summary>
    internal long ReadersLeased => Interlocked.Read(ref _leased);

    /// <summary>Connections waiting for the next read.</summary>
    internal int IdleConnections => _idle.Count;

    private Connection Rent() => _idle.TryPop(out var idle) ? idle : new Connection(connectionString);

    private void Return(Connection connection)
    {
        if (_disposed || _idle.Count >= MaxIdle) connection.Dispose();
        else _idle.Push(connection);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection)) connection.Dispose();
    }

    /// <summary>
    /// The SQL with whole-number LIMIT and OFFSET parameters written in. SQLite plans with a bound LIMIT's value,
    /// so binding it again (even the same value) expires the statement and every run parsed and planned it anew:
    /// 16% of a page's CPU on /offers (bench/README.md). A page size takes few values, so few statements result.
    /// </summary>
    internal static (string Sql, HashSet<string>? Inlined) LimitsInlined(SqliteCommand source)
    {
        var sql = source.CommandText;
        if (!sql.Contains("LIMIT @", StringComparison.Ordinal) && !sql.Contains("OFFSET @", StringComparison.Ordinal)) return (sql, null);
        HashSet<string>? inlined = null;
        var written = LimitParameter().Replace(sql, m =>
        {
            var name = m.Groups[2].Value;
            if (!source.Parameters.Contains(name) || source.Parameters[name].Value is not ({ } value and (int or long))) return m.Value;
            (inlined ??= new(StringComparer.Ordinal)).Add(name);
            return m.Groups[1].Value + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        });
        return (written, inlined);
    }

    [GeneratedRegex(@"\b((?:LIMIT|OFFSET)\s+)(@\w+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LimitParameter();

    private sealed class Connection : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public Connection(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 5000;";
            pragma.ExecuteNonQuery();
        }

        public T Run<T>(string sql, Func<DbDataReader, T> read, (string Name, object Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                if (_commands.Count >= MaxCommands) DisposeCommands();
                command = _connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, _) in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
                _commands[sql] = command;
            }
            foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
            // Disposing the reader resets the statement (ending its read) and keeps it prepared for the next call.
            using var reader = command.ExecuteReader();
            return read(reader);
        }

        public SqliteDataReader Open(SqliteCommand source)
        {
            var (sql, inlined) = SqliteHotReads.LimitsInlined(source);
            if (!_commands.TryGetValue(sql, out var command))
            {
                if (_commands.Count >= MaxCommands) DisposeCommands();
                command = _connection.CreateCommand();
                command.CommandText = sql;
                _commands[sql] = command;
            }
            // The source's own parameters (the collection does not own them): a copy would have to guess which type
            // was set and which inferred from the value, and binding a number as text changes comparisons.
            command.Parameters.Clear();
            foreach (SqliteParameter p in source.Parameters)
                if (inlined is null || !inlined.Contains(p.ParameterName)) command.Parameters.Add(p);
            return command.ExecuteReader();
        }

        private void DisposeCommands()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _commands.Clear();
        }

        public void Dispose()
        {
            DisposeCommands();
            _connection.Dispose();
        }
    }
}

/// <summary>Carries a host's <see cref="SqliteHotReads"/> in the context options, where <see cref="HotReads"/> finds it.</summary>
internal sealed class SqliteHotReadsExtension(SqliteHotReads reads) : IDbContextOptionsExtension
{
    public SqliteHotReads Reads => reads;

    public DbContextOptionsExtensionInfo Info => field ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) { }

    public void Validate(IDbContextOptions options) { }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;
        public override string LogFragment => "";
        // Adds no services: every host's contexts can share EF Core's internal service provider.
        public override int GetServiceProviderHashCode() => 0;
        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;
        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) { }
    }
}

public static class SqliteHotReadsOptions
{
    /// <summary>Lets <see cref="HotReads"/> use <paramref name="reads"/> for this context's reads outside transactions.</summary>
    public static DbContextOptionsBuilder UseHotReads(this DbContextOptionsBuilder builder, SqliteHotReads? reads)
    {
        if (reads is not null)
            ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new SqliteHotReadsExtension(reads));
        return builder;
    }
}

/// <summary>The host's <see cref="SqliteHotReads"/>, or none (an in-memory database); disposed with the host.</summary>
public sealed class HotReadConnections(SqliteHotReads? reads) : IDisposable
{
    public SqliteHotReads? Reads => reads;

    public void Dispose() => reads?.Dispose();
}
