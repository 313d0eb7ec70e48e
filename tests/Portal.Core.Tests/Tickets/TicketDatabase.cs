using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Tests.Administration;
using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

/// <summary>
/// A real SQLite file (so two requests can really race), Identity with the roles, the ticket services,
/// a clock tests move, and an attachments folder of its own.
/// </summary>
public sealed class TicketDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-core-tickets", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public TicketOptions Options { get; }
    public string AttachmentsDirectory => Options.AttachmentsDirectory;

    private TicketDatabase()
    {
        Directory.CreateDirectory(_folder);
        Options = new TicketOptions { AttachmentsDirectory = Path.Combine(_folder, "attachments") };
        var connection = $"Data Source={Path.Combine(_folder, "tickets.db")};Default Timeout=30";
        _services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<PortalDbContext>(o => o.UseSqlite(connection))
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(Options)
            .AddSingleton<TicketAttachmentStore>()
            .AddOutbox()
            .AddScoped<TicketService>()
            .AddScoped<TicketQueries>()
            .AddScoped<CannedReplies>()
            .AddIdentityCore<PortalUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .Services
            .BuildServiceProvider();
    }

    public static async Task<TicketDatabase> CreateAsync()
    {
        var db = new TicketDatabase();
        await using var scope = db._services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.EnsureCreatedAsync();
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

    public Task<T> TicketsAsync<T>(Func<TicketService, Task<T>> use) => UseAsync(sp => use(sp.GetRequiredService<TicketService>()));

    public Task<T> QueryAsync<T>(Func<TicketQueries, Task<T>> use) => UseAsync(sp => use(sp.GetRequiredService<TicketQueries>()));

    public async Task<TicketActor> AddPersonAsync(string name, params string[] roles) =>
        await UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var email = $"{Guid.NewGuid():N}@test.local";
            var user = new PortalUser
            {
                UserName = email, Email = email, DisplayName = name,
                CustomerNumber = CustomerNumber.NewRandom().Value, MemberSinceUtc = Clock.GetUtcNow().UtcDateTime,
            };
            await users.CreateAsync(user);
            await users.AddToRolesAsync(user, [Roles.Customer, .. roles]);
            return new TicketActor(user.Id, name, IsAgent: roles.Contains(Roles.Agent) || roles.Contains(Roles.Admin));
        });

    public Task<TicketActor> AddCustomerAsync(string name = "Nour Customer") => AddPersonAsync(name);

    public Task<TicketActor> AddAgentAsync(string name = "Omar Agent") => AddPersonAsync(name, Roles.Agent);

    public async Task<Ticket> OpenTicketAsync(TicketActor customer, string subject = "Points missing")
    {
        var result = await TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket(subject, TicketCategory.Loyalty, TicketPriority.Normal, "My points from Friday are missing."), []));
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Ticket!;
    }

    /// <summary>The ticket as stored now.</summary>
    public Task<Ticket> TicketAsync(int number) =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Ticket>().AsNoTracking().SingleAsync(t => t.Number == number));

    /// <summary>The events stored in the outbox, in the order raised; only those of <paramref name="type"/> when given.</summary>
    public Task<List<OutboxMessage>> OutboxAsync(string? type = null) =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => type == null || m.Type == type).OrderBy(m => m.Id).ToListAsync());

    public Task<int> CountAsync<T>() where T : class =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<T>().CountAsync());

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
