using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Tests.Administration;

/// <summary>A real SQLite database in memory with Identity over it, the roles created, and a clock tests can move.</summary>
public sealed class PeopleDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string? _file;
    private readonly ServiceProvider _services;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private PeopleDatabase(Action<IServiceCollection>? configure, bool onDisk)
    {
        // On disk, every scope has its own connection, so concurrent requests really race.
        _file = onDisk ? Path.Combine(Path.GetTempPath(), $"portal-core-{Guid.NewGuid():N}.db") : null;
        var connectionString = _file is null ? "Data Source=:memory:" : $"Data Source={_file};Pooling=False";
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<PortalDbContext>(o => { if (_file is null) o.UseSqlite(_connection); else o.UseSqlite(connectionString); })
            .AddSingleton<TimeProvider>(Clock)
            .AddScoped<PeopleAdministration>()
            .AddScoped<CustomerDirectory>()
            .AddScoped<CustomerRegistration>()
            .AddIdentityCore<PortalUser>(o => o.Lockout.AllowedForNewUsers = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .Services;
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public static async Task<PeopleDatabase> CreateAsync(Action<IServiceCollection>? configure = null, bool onDisk = false)
    {
        var db = new PeopleDatabase(configure, onDisk);
        await using var scope = db._services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        context.Database.EnsureCreated();
        if (onDisk) await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
        return db;
    }

    /// <summary>Each call is a fresh scope, like a fresh request.</summary>
    public async Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    public Task<PeopleAdminResult> AdministerAsync(Func<PeopleAdministration, Task<PeopleAdminResult>> use) =>
        UseAsync(sp => use(sp.GetRequiredService<PeopleAdministration>()));

    public async Task<string> AddPersonAsync(string name, string email, string? phone = null, params string[] roles)
    {
        return await UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser
            {
                UserName = email, Email = email, DisplayName = name, PhoneNumber = phone,
                CustomerNumber = CustomerNumber.NewRandom().Value, MemberSinceUtc = Clock.GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRolesAsync(user, [Roles.Customer, .. roles]));
            return user.Id;
        });
    }

    public Task<PortalUser> PersonAsync(string id) =>
        UseAsync(async sp => (await sp.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(id))!);

    public Task<IList<string>> RolesOfAsync(string id) =>
        UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            return await users.GetRolesAsync((await users.FindByIdAsync(id))!);
        });

    public Task<List<AuditEntry>> AuditAsync() =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(path);
        }
    }
}

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
