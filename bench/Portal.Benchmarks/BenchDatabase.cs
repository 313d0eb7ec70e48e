using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks;

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed record Customer(string Id, string Number);

/// <summary>
/// One SQLite file with the services the app registers for it: <see cref="SqlitePortalDbContext"/> as
/// <see cref="PortalDbContext"/> (plain connection string, default pooling, like PortalCoreServiceCollectionExtensions),
/// Identity's stores, the loyalty services and a clock the scenario moves.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    /// <summary>The instant the scenarios call now (history is generated before it).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private readonly bool _deleteOnDispose;

    private BenchDatabase(string file, bool seeding, bool deleteOnDispose)
    {
        File = file;
        _deleteOnDispose = deleteOnDispose;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        Services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<PortalDbContext, SqlitePortalDbContext>(o =>
            {
                // As the app: SQLite waits for a busy writer itself (Portal.Core's SqliteBusyTimeout).
                o.UseSqlite(connectionString).AddInterceptors(new SqliteBusyTimeout());
                if (seeding) o.AddInterceptors(new NoSyncWhileSeeding());
            })
            .AddSingleton<TimeProvider>(Clock)
            .AddLoyalty(new LoyaltyOptions())
            .AddIdentityCore<PortalUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .Services
            .BuildServiceProvider();
    }

    public string File { get; }
    public ManualClock Clock { get; } = new(Now);
    public ServiceProvider Services { get; }

    /// <summary>A new database set up the way the app does at start-up: real migrations, WAL, the roles.</summary>
    public static async Task<BenchDatabase> CreateAsync(string file)
    {
        var db = new BenchDatabase(file, seeding: true, deleteOnDispose: false);
        await PortalDatabase.InitializeAsync(db.Services);
        return db;
    }

    /// <summary>
    /// A fresh file copied from <paramref name="template"/> (WAL mode is stored in the file, so the copy keeps it).
    /// <paramref name="seeding"/> turns off fsync for the set-up writes; measured runs use SQLite's defaults, as the app does.
    /// </summary>
    public static BenchDatabase CopyOf(string template, string file, bool seeding = false)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (System.IO.File.Exists(template + suffix)) System.IO.File.Copy(template + suffix, file + suffix, overwrite: true);
        return new BenchDatabase(file, seeding, deleteOnDispose: !seeding);
    }

    public async Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    /// <summary>Customers inserted directly (a valid, unique Customer ID each); the loyalty code only needs the user row.</summary>
    public Task<IReadOnlyList<Customer>> AddCustomersAsync(int count) => UseAsync<IReadOnlyList<Customer>>(async sp =>
    {
        var db = sp.GetRequiredService<PortalDbContext>();
        var numbers = new HashSet<string>();
        while (numbers.Count < count) numbers.Add(CustomerNumber.NewRandom().Value);
        var users = numbers.Select((number, i) => new PortalUser
        {
            UserName = $"customer{i}@bench.local",
            NormalizedUserName = $"CUSTOMER{i}@BENCH.LOCAL",
            Email = $"customer{i}@bench.local",
            NormalizedEmail = $"CUSTOMER{i}@BENCH.LOCAL",
            EmailConfirmed = true,
            DisplayName = $"Customer {i}",
            CustomerNumber = number,
            MemberSinceUtc = Now.UtcDateTime.AddYears(-2),
            SecurityStamp = Guid.NewGuid().ToString("N"),
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return users.Select(u => new Customer(u.Id, u.CustomerNumber)).ToList();
    });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // Closing the last connection checkpoints the WAL into the file, so a template can be copied afterwards.
        SqliteConnection.ClearAllPools();
        if (_deleteOnDispose)
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                System.IO.File.Delete(File + suffix);
    }

    /// <summary>Set-up only: seeding thousands of purchases does not need to survive a power cut.</summary>
    private sealed class NoSyncWhileSeeding : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=OFF;";
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=OFF;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
