using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks.Http;

/// <summary>
/// <c>http-load</c>: signs in once as a customer (the cookie, through the sign-in form and its antiforgery token), then
/// for each connection count hammers <c>/healthz</c> and each path with that many concurrent request loops for a fixed
/// time, and prints requests/s, p50 and p99 latency and each path's requests/s as a share of <c>/healthz</c>'s.
/// </summary>
public static partial class HttpLoad
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Portal.Benchmarks http-load --base-url http://localhost:5000
                 --email bench200@seed.local [--password Seed-Customer-2026] --paths /analytics,/segment
                 [--connections 8,32] [--duration 20] [--warmup 3]
        """;

    private sealed record Options(Uri BaseUrl, string Email, string Password, string[] Paths, int[] Connections, TimeSpan Duration, TimeSpan Warmup);

    private sealed record Result(string Path, int Connections, long Requests, long Failures, string? FirstFailure, double Seconds, double P50, double P99)
    {
        public double PerSecond => Requests / Seconds;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        using var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            // A redirect (to the sign-in page, say) counts as a failure, not as a fast answer.
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = options.Connections.Max(),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var client = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        Console.WriteLine($"http-load against {options.BaseUrl} as {options.Email}; {options.Duration.TotalSeconds:N0} s per measurement after {options.Warmup.TotalSeconds:N0} s warm-up");
        if (File.Exists("/proc/loadavg"))
            Console.WriteLine($"Load average at start (1, 5, 15 min): {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        if (await SignInAsync(client, handler.CookieContainer, options) is { } problem)
        {
            Console.WriteLine($"FAILED: sign-in: {problem}");
            return 1;
        }

        var results = new List<Result>();
        foreach (var connections in options.Connections)
        {
            // /healthz first, then each path, at the same concurrency: the ratio compares neighbours in time.
            Result? health = null;
            foreach (var path in options.Paths.Prepend("/healthz"))
            {
                await HammerAsync(client, path, connections, options.Warmup);
                var result = await HammerAsync(client, path, connections, options.Duration);
                results.Add(result);
                health ??= result;
                var ratio = path == "/healthz" ? "" : string.Create(CultureInfo.InvariantCulture, $"  {100 * result.PerSecond / health.PerSecond,5:F1}% of /healthz");
                var failures = result.Failures == 0 ? "" : $"  FAILED: {result.Failures:N0} failures, first: {result.FirstFailure}";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{path,-20} c={connections,-4} {result.PerSecond,9:N0} req/s  p50={result.P50,8:F2} ms  p99={result.P99,8:F2} ms  ({result.Requests:N0} requests){ratio}{failures}"));
            }
        }
        if (File.Exists("/proc/loadavg"))
            Console.WriteLine($"Load average now: {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        return results.Any(r => r.Failures > 0) ? 1 : 0;
    }

    private static Task<string?> SignInAsync(HttpClient client, CookieContainer cookies, Options options) =>
        SignInAsync(client, cookies, options.BaseUrl, options.Email, options.Password);

    /// <summary>Signs in through the form (also used by <c>pages</c> and <c>page-weight</c>); null on success, else why not.</summary>
    internal static async Task<string?> SignInAsync(HttpClient client, CookieContainer cookies, Uri baseUrl, string email, string password)
    {
        using var form = await client.GetAsync("/account/login");
        if (form.StatusCode != HttpStatusCode.OK) return $"GET /account/login answered {(int)form.StatusCode}";
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync());
        if (!token.Success) return "no antiforgery token in the sign-in form";
        using var post = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        var signedIn = cookies.GetCookies(baseUrl).Any(c => c.Name == ".Portal.Auth");
        return post.StatusCode == HttpStatusCode.Redirect && signedIn
            ? null
            : $"POST /account/login answered {(int)post.StatusCode} without the auth cookie (wrong email or password, or rate-limited)";
    }

    private static async Task<Result> HammerAsync(HttpClient client, string path, int connections, TimeSpan duration)
    {
        var latencies = new List<double>[connections];
        long failures = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        var stopAt = duration.Ticks;
        var loops = Enumerable.Range(0, connections).Select(async i =>
        {
            var mine = latencies[i] = new List<double>(4096);
            while (clock.Elapsed.Ticks < stopAt)
            {
                var start = clock.Elapsed;
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode} {response.Headers.Location}", null);
                        continue;
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                    continue;
                }
                mine.Add((clock.Elapsed - start).TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(loops);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Rank(double p) => all.Length == 0 ? double.NaN : all[Math.Clamp((int)Math.Ceiling(p / 100 * all.Length) - 1, 0, all.Length - 1)];
        return new Result(path, connections, all.Length, failures, firstFailure, seconds, Rank(50), Rank(99));
    }

    private static Options? Parse(string[] args)
    {
        Uri? baseUrl = null;
        string? email = null;
        var password = Portal.Core.Demo.ScaleSeed.Password;
        string[] paths = [];
        int[] connections = [8, 32];
        double duration = 20, warmup = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--base-url" when Uri.TryCreate(value, UriKind.Absolute, out var url): baseUrl = url; break;
                case "--email": email = value; break;
                case "--password": password = value; break;
                case "--paths": paths = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--connections": connections = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--duration" when double.TryParse(value, CultureInfo.InvariantCulture, out var d) && d > 0: duration = d; break;
                case "--warmup" when double.TryParse(value, CultureInfo.InvariantCulture, out var w) && w >= 0: warmup = w; break;
                default:
                    Console.Error.WriteLine($"Unknown argument or bad value: {args[i]} {value}");
                    return null;
            }
        }
        if (args.Length % 2 != 0 || baseUrl is null || email is null || paths.Length == 0 || connections.Length == 0 || connections.Any(c => c < 1))
            return null;
        return new Options(baseUrl, email, password, paths, connections, TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(warmup));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
