using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Shell;

/// <summary>A stand-in OpenTelemetry collector: records what the portal exports over OTLP/HTTP.</summary>
public sealed class FakeCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];

    public FakeCollector()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); } catch (Exception) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
            lock (_waiters)
                foreach (var w in _waiters.Where(w => w.Done()).ToList()) { w.Signal.TrySetResult(); _waiters.Remove(w); }
        }
    }

    /// <summary>Whether some export to <paramref name="path"/> holds <paramref name="text"/> (OTLP protobuf keeps strings as UTF-8).</summary>
    public bool Saw(string path, string text) =>
        _received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));

    /// <summary>Completes when the exports seen so far satisfy <paramref name="done"/>; the exporter's own schedule drives it.</summary>
    public Task WhenAsync(Func<bool> done)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (done()) return Task.CompletedTask;
            _waiters.Add((done, signal));
        }
        return signal.Task;
    }

    public void Dispose() => _listener.Close();
}

public sealed class TelemetryPortalFactory : PortalFactory
{
    public FakeCollector Collector { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", Collector.Endpoint);
        builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        builder.UseSetting("OTEL_SERVICE_NAME", "portal-under-test");
        builder.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100");
        builder.UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "200");
        builder.UseSetting("OTEL_BLRP_SCHEDULE_DELAY", "100");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Dispose();
    }
}

public class TelemetryTests(TelemetryPortalFactory factory) : IClassFixture<TelemetryPortalFactory>
{
    [Fact]
    public async Task Requests_database_calls_events_and_business_counters_reach_the_configured_collector()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.BuyAsync(customer, 12_500, daysAgo: 1);
        factory.DispatchEvents();
        using var client = factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/account/login")).StatusCode);

        var exported = factory.Collector.WhenAsync(() =>
            factory.Collector.Saw("/v1/traces", "portal-under-test")
            && factory.Collector.Saw("/v1/traces", "/account/login")
            && factory.Collector.Saw("/v1/traces", "event PurchaseRecorded")
            && factory.Collector.Saw("/v1/metrics", "portal.purchases")
            && factory.Collector.Saw("/v1/metrics", "portal.points.awarded")
            && factory.Collector.Saw("/v1/metrics", "http.server.request.duration"));
        // Bounded: the exporters run every 100–200 ms here; a minute means nothing is coming.
        Assert.Same(exported, await Task.WhenAny(exported, Task.Delay(TimeSpan.FromMinutes(1))));
    }
}

public class CompressionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Pages_and_assets_are_sent_compressed_and_fingerprinted_assets_are_cached_for_good()
    {
        using var client = factory.NewClient();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        page.Headers.AcceptEncoding.ParseAdd("br");
        var response = await client.Http.SendAsync(page);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        await using (var brotli = new BrotliStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        using (var reader = new StreamReader(brotli))
            Assert.Contains("id=\"login-submit\"", await reader.ReadToEndAsync());

        var html = await client.Http.GetStringAsync("/account/login");
        var css = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/dist/app.css\\?v=[^\"]+)\"").Groups[1].Value;
        using var asset = new HttpRequestMessage(HttpMethod.Get, css);
        asset.Headers.AcceptEncoding.ParseAdd("gzip");
        var cssResponse = await client.Http.SendAsync(asset);
        Assert.Equal(HttpStatusCode.OK, cssResponse.StatusCode);
        Assert.Equal("gzip", Assert.Single(cssResponse.Content.Headers.ContentEncoding));
        var cache = cssResponse.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
        Assert.Contains(cache.Extensions, e => e.Name == "immutable");
    }

    [Theory]
    [InlineData("/dist/lib/htmx.min.js", "text/javascript")]
    [InlineData("/dist/app.css", "text/css")]
    public async Task Scripts_and_styles_go_out_as_the_builds_best_Brotli_copy_and_plain_to_a_client_without_it(string path, string type)
    {
        using var client = factory.NewClient();
        var plain = await client.Http.GetByteArrayAsync(path);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var sent = await response.Content.ReadAsByteArrayAsync();
        using var decompressed = new MemoryStream();
        await using (var brotli = new BrotliStream(new MemoryStream(sent), CompressionMode.Decompress)) await brotli.CopyToAsync(decompressed);
        Assert.Equal(plain, decompressed.ToArray());
        // Best quality: at most 80% of what the per-request fast level gives for the same file.
        using var fast = new MemoryStream();
        await using (var brotli = new BrotliStream(fast, CompressionLevel.Fastest, leaveOpen: true)) await brotli.WriteAsync(plain);
        Assert.True(sent.Length <= fast.Length * 0.8, $"{path}: {sent.Length:N0} bytes sent, {fast.Length:N0} at the fast level");
    }
}
