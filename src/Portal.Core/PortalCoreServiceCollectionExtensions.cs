using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Demo;
using Portal.Core.Email;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core;

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class PortalCoreOptions
{
    /// <summary>SQLite (the embedded default, one file) or PostgreSQL (for deployments beyond one machine).</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public required string ConnectionString { get; init; }
    public required EmailOptions Email { get; init; }
    public BusinessOptions Business { get; init; } = new();
    public Security.SessionOptions Sessions { get; init; } = new();
    public Security.FraudOptions Fraud { get; init; } = new();
}

public static class PortalCoreServiceCollectionExtensions
{
    public static IServiceCollection AddPortalCore(this IServiceCollection services, PortalCoreOptions options)
    {
        // Each provider has its own migrations; everything else asks for PortalDbContext. Pooled: the options are built
        // once and contexts are reused across requests (the interceptors are singletons); building them showed in every
        // request's profile.
        if (options.Provider == DatabaseProvider.Postgres)
            services.AddDbContextPool<PortalDbContext, PostgresPortalDbContext>((sp, db) => db.UseNpgsql(PostgresConnections.WithDefaults(options.ConnectionString))
                .AddInterceptors(sp.GetRequiredService<OutboxSaveChangesInterceptor>()));
        else
        {
            SqliteProcess.Configure();
            // A singleton made by the container, so the host closes its connections when it stops.
            services.AddSingleton(_ => new HotReadConnections(SqliteHotReads.For(options.ConnectionString)));
            services.AddSingleton(sp => new SqliteCheckpointer(sp.GetRequiredService<SqliteWriteGate>(), options.ConnectionString,
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteCheckpointer>>()));
            services.AddDbContextPool<PortalDbContext, SqlitePortalDbContext>((sp, db) =>
            {
                var reads = sp.GetRequiredService<HotReadConnections>().Reads;
                db.UseSqlite(options.ConnectionString)
                    .AddInterceptors(new SqliteBusyTimeout(), sp.GetRequiredService<OutboxSaveChangesInterceptor>())
                    .UseHotReads(reads);
                if (reads is not null) db.AddInterceptors(new SqlitePreparedReads(reads));
            });
        }
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<Chat.ChatMessageWriter>();
        // Events: raise through Outbox; the dispatcher runs as a job once the host calls AddPortalJobs().
        services.AddOutbox();
        services.AddSingleton(options.Email);
        if (string.IsNullOrWhiteSpace(options.Email.SmtpHost))
            services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        else
            services.AddSingleton<IEmailSender, SmtpEmailSender>();

        services.AddSingleton(options.Business);
        services.AddSingleton<CustomerTimeZones>();
        services.AddScoped<CustomerRegistration>();
        services.AddScoped<CustomerDirectory>();
        services.AddScoped<Security.SignInSessions>();
        services.AddScoped<Security.AccessRevocation>();
        services.AddScoped<Security.SecurityActivity>();
        services.AddScoped<Security.SecurityStatusCheck>();
        services.AddScoped<Security.SecurityAlerts>();
        services.AddTransient(typeof(Common.Deferred<>));
        services.AddScoped<Security.FraudSignInRules>();
        services.AddScoped<Security.FraudRedemptionRules>();
        services.AddScoped<Security.IRedemptionScreen>(sp => sp.GetRequiredService<Security.FraudRedemptionRules>());
        services.AddScoped<Security.HeldRedemptions>();
        services.AddScoped<Security.IPurchaseScreen, Security.FraudPurchaseRules>();
        services.AddSingleton(options.Fraud);
        services.AddSingleton(options.Sessions);
        services.AddScoped<Administration.PeopleAdministration>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoLoyalty>();
        services.AddScoped<ScaleSeed>();
        services.AddDemoData<DemoSeeder>();
        return services;
    }
}
