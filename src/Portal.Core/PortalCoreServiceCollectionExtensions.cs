using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Demo;
using Portal.Core.Email;

namespace Portal.Core;

public sealed class PortalCoreOptions
{
    /// <summary>SQLite connection string (the embedded default).</summary>
    public required string ConnectionString { get; init; }
    public required EmailOptions Email { get; init; }
    public bool UsePickupDirectory { get; init; } = true;
}

public static class PortalCoreServiceCollectionExtensions
{
    public static IServiceCollection AddPortalCore(this IServiceCollection services, PortalCoreOptions options)
    {
        services.AddDbContext<PortalDbContext>(db => db.UseSqlite(options.ConnectionString));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options.Email);
        if (string.IsNullOrWhiteSpace(options.Email.SmtpHost))
            services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        else
            services.AddSingleton<IEmailSender, SmtpEmailSender>();

        services.AddScoped<CustomerRegistration>();
        services.AddScoped<CustomerDirectory>();
        services.AddScoped<Administration.PeopleAdministration>();
        services.AddScoped<DemoSeeder>();
        return services;
    }
}
