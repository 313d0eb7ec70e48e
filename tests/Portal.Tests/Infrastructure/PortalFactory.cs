using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The real app over a real SQLite file of its own (one per test class), in Development so
/// the demo accounts exist. Mail lands as .eml files in <see cref="MailDirectory"/>. The app's clock is
/// <see cref="Clock"/>: it starts at the real time (so cookies and tokens are valid) and stands still
/// until a test moves it.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
    public string MailDirectory => Path.Combine(DataDirectory, "mail");
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    protected virtual string Environment => "Development";
    protected virtual int AuthPermitsPerMinute => 10_000;

    /// <summary>The demo rewards and 18 months of demo purchases take seconds: only the tests about them ask for them.</summary>
    protected virtual bool DemoLoyaltyHistory => false;

    // HTTPS like production, so Production-environment tests are not redirected.
    public PortalFactory() => ClientOptions.BaseAddress = new Uri("https://localhost");

    // A migrated database with the demo data, made once per run for each of the standard factories and copied for every
    // test class: migrating and seeding took half of this project's time when every class did it.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Lazy<string>> Templates = new();
    private bool _isTemplate;

    private static readonly Type[] Templated = [typeof(PortalFactory), typeof(ProductionPortalFactory), typeof(DemoPortalFactory)];

    private void CopyTemplate()
    {
        // A factory made by WithWebHostBuilder configures this one again over the same folder: keep what is there.
        if (_isTemplate || !Templated.Contains(GetType()) || File.Exists(Path.Combine(DataDirectory, "portal.db"))) return;
        var template = Templates.GetOrAdd(GetType(), type => new Lazy<string>(() =>
        {
            var maker = (PortalFactory)Activator.CreateInstance(type)!;
            maker._isTemplate = true;
            _ = maker.Services; // starts the app: migrations, roles, demo data
            var folder = Path.Combine(Path.GetTempPath(), "portal-tests", "template-" + Guid.NewGuid().ToString("N"));
            Task.Run(maker.DisposeWithoutDeletingAsync).GetAwaiter().GetResult();
            Directory.Move(maker.DataDirectory, folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
            return folder;
        })).Value;
        Directory.CreateDirectory(DataDirectory);
        foreach (var file in Directory.GetFiles(template, "portal.db*"))
            File.Copy(file, Path.Combine(DataDirectory, Path.GetFileName(file)));
        CopyDirectory(Path.Combine(template, "keys"), Path.Combine(DataDirectory, "keys"));
    }

    private static void CopyDirectory(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        CopyTemplate();
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(DataDirectory, "portal.db")}");
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        builder.UseSetting("DataProtection:KeysDirectory", Path.Combine(DataDirectory, "keys"));
        builder.UseSetting("RateLimits:AuthPermitsPerMinute", AuthPermitsPerMinute.ToString());
        // Tests sign the same demo accounts in many times a minute; the per-account limit has tests of its own.
        builder.UseSetting("RateLimits:SignInPerAccountPerMinute", "10000");
        builder.UseSetting("DemoData:LoyaltyHistory", DemoLoyaltyHistory ? "true" : "false");
        // Tests deliver events themselves (DispatchEvents), so what a handler did is there when they look.
        builder.UseSetting("Jobs:RunInBackground", "false");
        if (Environment != "Development") builder.UseSetting("PublicOrigin", "https://localhost");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests assert them).</summary>
    public PortalClient NewClient(bool followRedirects = false) =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress }));

    public async Task<T> WithServiceAsync<T, TService>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Delivers every due event now, as the background dispatcher would; returns how many.</summary>
    public int DispatchEvents() => DispatchEvents(Services);

    /// <summary>Delivers pending events, then sends the notifications they made (account mail among them).</summary>
    public int DeliverNotifications()
    {
        DispatchEvents();
        return Task.Run(() => Services.GetRequiredService<Portal.Core.Notifications.NotificationDispatcher>().DispatchAsync(CancellationToken.None)).GetAwaiter().GetResult();
    }

    public static int DispatchEvents(IServiceProvider services) =>
        // On the thread pool: xunit's synchronization context must not be waited on.
        Task.Run(() => services.GetRequiredService<Portal.Core.Events.OutboxDispatcher>().DispatchAsync(CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>The newest email sent to <paramref name="to"/>, read from the pickup folder once pending events are delivered.</summary>
    public MimeKit.MimeMessage? LastEmailTo(string to)
    {
        DeliverNotifications();
        if (!Directory.Exists(MailDirectory)) return null;
        return Directory.GetFiles(MailDirectory, "*.eml")
            .OrderByDescending(f => f, StringComparer.Ordinal)
            .Select(f => MimeKit.MimeMessage.Load(f))
            .FirstOrDefault(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)));
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeWithoutDeletingAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private async Task DisposeWithoutDeletingAsync()
    {
        await base.DisposeAsync();
        // Closing the pooled connections checkpoints the WAL into the database file.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

/// <summary>Production: no demo data, HTTPS redirection and HSTS on.</summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    protected override string Environment => "Production";
}

/// <summary>Development with the full demo: rewards and 18 months of purchases.</summary>
public sealed class DemoPortalFactory : PortalFactory
{
    protected override bool DemoLoyaltyHistory => true;
}

/// <summary>
/// Migrated and seeded at its own start rather than copied from the run's template: for tests that look at the age of
/// what start-up wrote (the template's pending demo events are as old as the template).
/// </summary>
public sealed class FreshPortalFactory : PortalFactory;
