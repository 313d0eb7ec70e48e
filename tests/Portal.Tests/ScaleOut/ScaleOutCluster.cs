using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ScaleOut;

/// <summary>
/// Two portal instances on real Kestrel ports over one throwaway PostgreSQL and one local redis-server, as behind a
/// load balancer: jobs and the event dispatcher run in the background on both.
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();
    private RedisServer? _redis;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-scale-" + Guid.NewGuid().ToString("N"));

    public PortalInstance A { get; private set; } = null!;
    public PortalInstance B { get; private set; } = null!;

    /// <summary>Which instance handled each probe event, as many times as it did.</summary>
    public ConcurrentQueue<(Guid EventId, string Instance)> Handled { get; } = new();

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _redis = await RedisServer.StartAsync();
        // A migrates and seeds the demo accounts; B starts on the ready database, as a second replica would.
        A = new PortalInstance(this, "A", _postgres.ConnectionString("portal"), _redis.ConnectionString, Path.Combine(_folder, "a"), seed: true);
        A.Start();
        B = new PortalInstance(this, "B", _postgres.ConnectionString("portal"), _redis.ConnectionString, Path.Combine(_folder, "b"), seed: false);
        B.Start();
    }

    public async Task DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

public sealed class PortalInstance(ScaleOutCluster cluster, string name, string database, string redis, string folder, bool seed) : WebApplicationFactory<Program>
{
    public string Name => name;
    public Uri RootUrl { get; private set; } = null!;

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        RootUrl = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    public Uri Url(string path) => new(RootUrl, path);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Portal", database);
        builder.UseSetting("ConnectionStrings:Redis", redis);
        builder.UseSetting("Email:PickupDirectory", Path.Combine(folder, "mail"));
        builder.UseSetting("RateLimits:SignInPerAccountPerMinute", "10000");
        builder.UseSetting("RateLimits:AuthPermitsPerMinute", "10000");
        builder.UseSetting("DemoData:Disabled", seed ? "false" : "true");
        builder.UseSetting("DemoData:LoyaltyHistory", "false");
        builder.UseSetting("DemoData:Shoppers", "0");
        builder.UseSetting("Jobs:RunInBackground", "true");
        builder.UseSetting("ScaleOut:Instance", name);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(cluster);
            services.AddDomainEvent<ScaleOutProbe>();
            // Own transaction: the handler's effect is outside the database, the kind a second dispatcher would repeat.
            services.AddEventHandler<ScaleOutProbe, ScaleOutProbeHandler>(transaction: HandlerTransaction.Own);
        });
    }
}

/// <summary>A test event: the handler notes which instance handled it.</summary>
public sealed record ScaleOutProbe(string Probe, int Number) : IDomainEvent
{
    public string StreamKey => Probe;
}

public sealed class ScaleOutProbeHandler(ScaleOutCluster cluster, IConfiguration config) : IHandle<ScaleOutProbe>
{
    public Task HandleAsync(ScaleOutProbe e, EventContext context, CancellationToken ct)
    {
        cluster.Handled.Enqueue((context.EventId, config["ScaleOut:Instance"]!));
        return Task.CompletedTask;
    }
}
