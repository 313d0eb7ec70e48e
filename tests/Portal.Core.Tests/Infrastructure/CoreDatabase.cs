using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Loyalty;
using Portal.Core.Tickets;

namespace Portal.Core.Tests.Infrastructure;

/// <summary>
/// The Core services registered as the app registers them (<see cref="PortalCoreServiceCollectionExtensions.AddPortalCore"/>,
/// plus the FAQ, chat and ticket services the web project adds) over a real SQLite file in WAL mode, migrated and with
/// the roles, as at start-up. Every scope has its own connection, as every request has, so concurrent uses really race.
/// Time comes from <see cref="Clock"/>; attachments and
/// mail go to a folder of the database's own.
/// </summary>
public sealed class CoreDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public ManualClock Clock { get; } = new(Start);
    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "portal-core-tests", Guid.NewGuid().ToString("N"));
    public LoyaltyOptions LoyaltyOptions { get; }
    public TicketOptions TicketOptions { get; }
    public string MailDirectory => Path.Combine(Folder, "mail");

    private CoreDatabase(LoyaltyOptions? loyalty, Action<IServiceCollection>? configure)
    {
        Directory.CreateDirectory(Folder);
        LoyaltyOptions = loyalty ?? new LoyaltyOptions();
        TicketOptions = new TicketOptions { AttachmentsDirectory = Path.Combine(Folder, "attachments") };

        var services = new ServiceCollection().AddLogging();
        services.AddPortalCore(new PortalCoreOptions
        {
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Folder, "portal.db") }.ToString(),
            Email = new EmailOptions { PickupDirectory = MailDirectory },
        });
        services.AddLoyalty(LoyaltyOptions);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        services.AddIdentityCore<PortalUser>(o => o.Lockout.AllowedForNewUsers = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>();

        // What src/Portal registers for the sections whose rules live in Core (AddFaq, AddChat, AddTickets).
        services.AddFaq();
        services.AddOptions<SupportHours>();
        services.AddScoped<ChatRights>();
        services.AddScoped<ChatService>();
        services.AddSingleton(TicketOptions);
        services.AddSingleton<TicketAttachmentStore>();
        services.AddScoped<TicketService>();
        services.AddScoped<TicketQueries>();
        services.AddScoped<CannedReplies>();
        services.AddScoped<TicketDemoData>();

        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>A migrated database with the roles; <paramref name="configure"/> may add or replace services.</summary>
    public static async Task<CoreDatabase> CreateAsync(LoyaltyOptions? loyalty = null, Action<IServiceCollection>? configure = null)
    {
        var db = new CoreDatabase(loyalty, configure);
        await PortalDatabase.InitializeAsync(db._services);
        return db;
    }

    /// <summary>Each call is a fresh scope and connection, like a fresh request.</summary>
    public async Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    /// <summary>One service from a fresh scope.</summary>
    public Task<T> UseAsync<TService, T>(Func<TService, Task<T>> use) where TService : notnull =>
        UseAsync(sp => use(sp.GetRequiredService<TService>()));

    /// <summary>The events stored in the outbox, in the order raised; only those of <paramref name="type"/> when given.</summary>
    public Task<List<Portal.Core.Events.OutboxMessage>> OutboxAsync(string? type = null) =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Portal.Core.Events.OutboxMessage>().AsNoTracking()
            .Where(m => type == null || m.Type == type).OrderBy(m => m.Id).ToListAsync());

    public Task<int> CountAsync<T>(Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class =>
        UseAsync(sp =>
        {
            var set = sp.GetRequiredService<PortalDbContext>().Set<T>().AsNoTracking();
            return (filter?.Invoke(set) ?? set).CountAsync();
        });

    /// <summary>A customer (plus <paramref name="roles"/>) with a new customer number; returns the user id.</summary>
    public Task<string> AddPersonAsync(string name, string? email = null, string? phone = null, IReadOnlyCollection<string>? roles = null) =>
        UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            email ??= $"{Guid.NewGuid():N}@example.test";
            var user = new PortalUser
            {
                UserName = email, Email = email, DisplayName = name, PhoneNumber = phone,
                CustomerNumber = CustomerNumber.NewRandom().Value, MemberSinceUtc = UtcNow,
            };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRolesAsync(user, [Roles.Customer, .. roles ?? []]));
            return user.Id;
        });

    public Task<PortalUser> PersonAsync(string id) =>
        UseAsync(async sp => (await sp.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(id))!);

    public Task<IList<string>> RolesOfAsync(string id) =>
        UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            return await users.GetRolesAsync((await users.FindByIdAsync(id))!);
        });

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
