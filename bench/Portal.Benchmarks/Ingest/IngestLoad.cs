using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks.Ingest;

/// <summary>
/// <c>ingest-load</c>: several shops at once sending full batches to <c>POST /api/customer-id/purchases/batch</c> of a
/// running portal for a fixed time; prints purchases/s and the batch latency, then checks in the portal's SQLite file
/// that every purchase was recorded once with its one ledger entry, and that sending a batch again records nothing.
/// The integration keys (one per shop) and any missing customers are made in that file first, through Portal.Core.
/// </summary>
public static class IngestLoad
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Portal.Benchmarks ingest-load --base-url http://127.0.0.1:5080
                 --database /var/tmp/ingest.db [--shops 4] [--batch 500] [--duration 30] [--warmup 5] [--customers 1000]
        The portal must be running on the same SQLite file (ConnectionStrings:Portal) with
        RateLimits:IntegrationKeyPermitsPerMinute high enough (each batch is one request per key).
        """;

    private sealed record Options(Uri BaseUrl, string Database, int Shops, int Batch, TimeSpan Duration, TimeSpan Warmup, int Customers);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999);
        Console.WriteLine($"ingest-load against {options.BaseUrl}: {options.Shops} shops, batches of {options.Batch:N0}, " +
                          $"{options.Duration.TotalSeconds:N0} s after {options.Warmup.TotalSeconds:N0} s warm-up; run {run}");
        Console.WriteLine($"Load average at start (1, 5, 15 min): {LoadAverage()}");

        var (keys, numbers) = await SetUpAsync(options, run);
        Console.WriteLine($"Set up in {options.Database}: {keys.Count} integration keys, {numbers.Count:N0} customers");

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Shops * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var shops = keys.Select(key =>
        {
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }).ToList();

        try
        {
            var warm = await HammerAsync(shops, options, numbers, run + "W", options.Warmup);
            if (warm.Failure is not null)
            {
                Console.WriteLine($"FAILED during warm-up: {warm.Failure}");
                return 1;
            }
            var result = await HammerAsync(shops, options, numbers, run + "M", options.Duration);
            var perSecond = result.Recorded / result.Seconds;
            var latencies = result.Latencies.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{perSecond,9:N0} purchases/s sustained over {result.Seconds:F1} s: {result.Recorded:N0} recorded in {result.Batches:N0} batches; " +
                $"batch p50 {Percentile(latencies, 50):F0} ms, p99 {Percentile(latencies, 99):F0} ms"));
            if (result.Failure is not null) Console.WriteLine($"FAILED: {result.Failure}");

            // Every purchase once, each with its one ledger entry; the first batch sent again is all duplicates.
            var check = await CheckAsync(options, run, warm.Recorded + result.Recorded);
            var replay = await ReplayAsync(shops[0], result.First!);
            Console.WriteLine(check ?? "Checked: every purchase sent is stored once, with one ledger entry each");
            Console.WriteLine(replay ?? $"Checked: the first batch sent again answered {result.First!.Count:N0} duplicates and recorded nothing");
            Console.WriteLine($"Load average now: {LoadAverage()}");
            return result.Failure is null && check is null && replay is null ? 0 : 1;
        }
        finally
        {
            foreach (var shop in shops) shop.Dispose();
        }
    }

    private sealed record Outcome(long Recorded, long Batches, double Seconds, List<double> Latencies, string? Failure, List<object>? First);

    private static async Task<Outcome> HammerAsync(List<HttpClient> shops, Options options, IReadOnlyList<string> numbers, string prefix, TimeSpan duration)
    {
        long recorded = 0, batches = 0;
        string? failure = null;
        List<object>? first = null;
        var latencies = new List<double>[shops.Count];
        var clock = Stopwatch.StartNew();
        var loops = shops.Select(async (shop, s) =>
        {
            var random = new Random(s * 7919 + prefix.GetHashCode(StringComparison.Ordinal));
            var mine = latencies[s] = [];
            var sequence = 0;
            while (clock.Elapsed < duration && failure is null)
            {
                var batch = Enumerable.Range(0, options.Batch).Select(_ => Purchase(random, numbers, $"ING-{prefix}-{s}-{++sequence}")).ToList();
                var started = clock.Elapsed;
                try
                {
                    using var response = await shop.PostAsJsonAsync("/api/customer-id/purchases/batch", new { purchases = batch }, Json);
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.CompareExchange(ref failure, $"{(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}", null);
                        break;
                    }
                    using var json = JsonDocument.Parse(body);
                    var count = json.RootElement.GetProperty("recorded").GetInt32();
                    if (count != batch.Count)
                        Interlocked.CompareExchange(ref failure, $"a batch of {batch.Count} recorded {count}: {body[..Math.Min(300, body.Length)]}", null);
                    mine.Add((clock.Elapsed - started).TotalMilliseconds);
                    Interlocked.Add(ref recorded, count);
                    Interlocked.Increment(ref batches);
                    Interlocked.CompareExchange(ref first, batch, null);
                }
                catch (HttpRequestException e)
                {
                    Interlocked.CompareExchange(ref failure, e.Message, null);
                }
            }
        }).ToList();
        await Task.WhenAll(loops);
        return new Outcome(recorded, batches, clock.Elapsed.TotalSeconds, latencies.SelectMany(l => l).ToList(), failure, first);
    }

    /// <summary>One to three lines, within the fraud rules' three days (dated up to two days back).</summary>
    private static object Purchase(Random random, IReadOnlyList<string> numbers, string orderId) => new
    {
        customerId = numbers[random.Next(numbers.Count)],
        orderId,
        occurredAt = DateTimeOffset.UtcNow.AddMinutes(-random.Next(5, 2 * 24 * 60)),
        channel = Shopping.Channel(random) == PurchaseChannel.Store ? "store" : "online",
        lines = Shopping.Lines(random).Select(l => new { category = l.Category, quantity = l.Quantity, amountMinor = l.AmountMinor }).ToList(),
    };

    private static async Task<string?> ReplayAsync(HttpClient shop, List<object> batch)
    {
        using var response = await shop.PostAsJsonAsync("/api/customer-id/purchases/batch", new { purchases = batch }, Json);
        if (!response.IsSuccessStatusCode) return $"FAILED: the replayed batch answered {(int)response.StatusCode}";
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var (recorded, duplicates) = (json.RootElement.GetProperty("recorded").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32());
        return recorded == 0 && duplicates == batch.Count ? null : $"FAILED: the replayed batch recorded {recorded} and found {duplicates} duplicates of {batch.Count}";
    }

    private static ServiceProvider Services(string database) => new ServiceCollection()
        .AddLogging()
        .AddDbContext<PortalDbContext, SqlitePortalDbContext>(o => o
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = database }.ToString())
            .AddInterceptors(new SqliteBusyTimeout()))
        .AddSingleton(TimeProvider.System)
        .AddLoyalty(new LoyaltyOptions())
        .BuildServiceProvider();

    /// <summary>A key per shop, and customers: existing ones first (a seeded database has plenty), new ones for the rest.</summary>
    private static async Task<(List<string> Keys, List<string> Numbers)> SetUpAsync(Options options, string run)
    {
        await using var services = Services(options.Database);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var keys = new List<string>();
        for (var i = 0; i < options.Shops; i++)
        {
            var created = await scope.ServiceProvider.GetRequiredService<IntegrationKeys>().CreateAsync($"ingest-load {run} shop {i + 1}", "bench");
            keys.Add(created!.Value.Secret);
        }
        var numbers = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.CustomerNumber).Take(options.Customers).ToListAsync();
        if (numbers.Count < options.Customers)
        {
            var added = new HashSet<string>();
            while (added.Count < options.Customers - numbers.Count)
            {
                var number = CustomerNumber.NewRandom().Value;
                if (!numbers.Contains(number)) added.Add(number);
            }
            db.Users.AddRange(added.Select((number, i) => new PortalUser
            {
                UserName = $"ingest{run}-{i}@bench.local",
                NormalizedUserName = $"INGEST{run}-{i}@BENCH.LOCAL",
                Email = $"ingest{run}-{i}@bench.local",
                NormalizedEmail = $"INGEST{run}-{i}@BENCH.LOCAL",
                EmailConfirmed = true,
                DisplayName = $"Ingest {i}",
                CustomerNumber = number,
                MemberSinceUtc = DateTime.UtcNow.AddYears(-1),
                SecurityStamp = Guid.NewGuid().ToString("N"),
            }));
            await db.SaveChangesAsync();
            numbers.AddRange(added);
        }
        return (keys, numbers);
    }

    private static async Task<string?> CheckAsync(Options options, string run, long sent)
    {
        await using var services = Services(options.Database);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var prefix = $"ING-{run}";
        var purchases = await db.Set<Purchase>().CountAsync(p => p.OrderId.StartsWith(prefix));
        var distinct = await db.Set<Purchase>().Where(p => p.OrderId.StartsWith(prefix)).Select(p => p.OrderId).Distinct().CountAsync();
        var entries = await db.Set<PointsEntry>().CountAsync(e => e.Kind == PointsEntryKind.Earn && e.SourceRef.StartsWith("purchase:" + prefix));
        return purchases == sent && distinct == sent && entries == sent
            ? null
            : $"FAILED: {sent:N0} recorded by the API, {purchases:N0} stored ({distinct:N0} distinct order ids), {entries:N0} ledger entries";
    }

    private static double Percentile(List<double> sorted, double percent) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static Options? Parse(string[] args)
    {
        Uri? baseUrl = null;
        string? database = null;
        int shops = 4, batch = 500, duration = 30, warmup = 5, customers = 1_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--base-url" when Uri.TryCreate(value, UriKind.Absolute, out var uri): baseUrl = uri; break;
                case "--database": database = Path.GetFullPath(value); break;
                case "--shops" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: shops = n; break;
                case "--batch" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= PurchaseRules.MaxBatch: batch = n; break;
                case "--duration" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: duration = n; break;
                case "--warmup" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 0: warmup = n; break;
                case "--customers" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: customers = n; break;
                default: return null;
            }
        }
        if (args.Length % 2 != 0 || baseUrl is null || database is null || !File.Exists(database)) return null;
        return new Options(baseUrl, database, shops, batch, TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(warmup), customers);
    }
}
