using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.E2E.Infrastructure;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 on a free port, in Development (demo accounts exist), with its own
/// SQLite file, mail folder and key ring — the same settings the integration tests' PortalFactory uses.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "portal-e2e", Guid.NewGuid().ToString("N"));
    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string RootUrl { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(DataDirectory, "portal.db")}");
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        builder.UseSetting("DataProtection:KeysDirectory", Path.Combine(DataDirectory, "keys"));
        builder.UseSetting("RateLimits:AuthPermitsPerMinute", "10000");
        builder.UseSetting("RateLimits:SignInPerAccountPerMinute", "10000");
        // The demo accounts only: generated shoppers would crowd the staff look-up the tests search.
        builder.UseSetting("DemoData:Shoppers", "0");
    }

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        RootUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
