using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Tests.Administration;

namespace Portal.Core.Tests.Chat;

/// <summary>
/// A real SQLite file (one connection per scope, as requests have, so races are real races) with Identity, the roles
/// and a clock tests can move.
/// </summary>
public sealed class ChatDatabase : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"portal-chat-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _services;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private ChatDatabase()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<PortalDbContext>(o => o.UseSqlite($"Data Source={_file};Default Timeout=30"))
            .AddSingleton<TimeProvider>(Clock)
            .AddOutbox()
            .AddScoped<ChatService>()
            .AddIdentityCore<PortalUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .Services
            .BuildServiceProvider();
    }

    public static async Task<ChatDatabase> CreateAsync()
    {
        var db = new ChatDatabase();
        await using var scope = db._services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await context.Database.EnsureCreatedAsync();
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
        return db;
    }

    /// <summary>Each call is a fresh scope and connection, like a fresh request.</summary>
    public async Task<T> ChatAsync<T>(Func<ChatService, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<ChatService>());
    }

    public async Task<int> CountAsync<T>(Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class
    {
        await using var scope = _services.CreateAsyncScope();
        var set = scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<T>().AsNoTracking();
        return await (filter?.Invoke(set) ?? set).CountAsync();
    }

    public async Task<string> AddPersonAsync(string name, params string[] roles)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"{Guid.NewGuid():N}@example.test";
        var user = new PortalUser
        {
            UserName = email, Email = email, DisplayName = name,
            CustomerNumber = CustomerNumber.NewRandom().Value, MemberSinceUtc = Clock.GetUtcNow().UtcDateTime,
        };
        if (!(await users.CreateAsync(user)).Succeeded) throw new InvalidOperationException("user");
        await users.AddToRolesAsync(user, [Roles.Customer, .. roles]);
        return user.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
