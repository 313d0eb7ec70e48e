using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Chat;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Tests.Data;
using Portal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.Tests.Chat;

/// <summary>The statements a test host sends to its database, as their SQL, in order.</summary>
public interface IStatementLog
{
    void Clear();
    IReadOnlyList<string> Statements { get; }
}

/// <summary>Every command EF Core runs (SQLite: <see cref="HotReads"/>' own commands pass beside EF and are not seen).</summary>
public sealed class EfStatementLog : DbCommandInterceptor, IStatementLog
{
    private readonly List<string> _statements = [];

    public void Clear() { lock (_statements) _statements.Clear(); }
    public IReadOnlyList<string> Statements { get { lock (_statements) return [.. _statements]; } }

    private void Add(DbCommand command) { lock (_statements) _statements.Add(command.CommandText); }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { Add(command); return result; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    { Add(command); return ValueTask.FromResult(result); }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    { Add(command); return result; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    { Add(command); return ValueTask.FromResult(result); }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    { Add(command); return result; }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    { Add(command); return ValueTask.FromResult(result); }
}

/// <summary>
/// Every command Npgsql sends to one server (its tracing), EF Core's and plain ones alike: on PostgreSQL each is a
/// round trip.
/// </summary>
public sealed class NpgsqlStatementLog : IStatementLog, IDisposable
{
    private readonly List<string> _statements = [];
    private readonly ActivityListener _listener;

    public int Port { get; set; }

    public NpgsqlStatementLog()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("server.port") is int port && port == Port && activity.GetTagItem("db.query.text") is string sql)
                    lock (_statements) _statements.Add(sql);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Clear() { lock (_statements) _statements.Clear(); }
    public IReadOnlyList<string> Statements { get { lock (_statements) return [.. _statements]; } }

    public void Dispose() => _listener.Dispose();
}

public sealed class StatementCountingPortalFactory : PortalFactory
{
    public EfStatementLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<SqlitePortalDbContext>(o => o.AddInterceptors(Log)));
    }
}

public sealed class StatementCountingPostgresFactory : PostgresPortalFactory
{
    public NpgsqlStatementLog Log { get; } = new();

    protected override string PortalConnectionString(string connectionString)
    {
        Log.Port = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Port;
        return connectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        Log.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// A message sent through the hub costs one read (the sender's rights and the send's checks together) and the insert:
/// each round trip was chat latency on PostgreSQL (bench/README.md).
/// </summary>
public abstract class SendMessageRoundTrips(PortalFactory factory, IStatementLog log, ITestOutputHelper output)
{
    [Fact]
    public async Task A_message_sent_through_the_hub_costs_at_most_one_read_and_the_insert()
    {
        var (customer, agent, id) = await factory.AcceptedChatAsync("Sam Counted", "Omar Counted", webSockets: true);
        await using var _ = customer;
        await using var __ = agent;
        var hub = customer.Hub;
        // The first message also warms up what a process does once (compiling queries, starting the writer).
        await hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "First");
        var heard = agent.Hub.NextAsync<ChatMessageDto>("message", m => m.Body == "Counted");

        log.Clear();
        var sent = await hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Counted");
        var statements = log.Statements;
        await heard;

        Assert.Equal("Counted", sent.Body);
        foreach (var sql in statements) output.WriteLine(sql + "\n");
        Assert.True(statements.Count <= 2, $"{statements.Count} statements for one message:\n\n{string.Join("\n\n", statements)}");
        Assert.Single(statements, s => s.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
    }
}

public class SendMessageRoundTripsOnSqlite(StatementCountingPortalFactory factory, ITestOutputHelper output)
    : SendMessageRoundTrips(factory, factory.Log, output), IClassFixture<StatementCountingPortalFactory>;

public class SendMessageRoundTripsOnPostgres(StatementCountingPostgresFactory factory, ITestOutputHelper output)
    : SendMessageRoundTrips(factory, factory.Log, output), IClassFixture<StatementCountingPostgresFactory>;
