using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks.Http;

/// <summary>
/// <c>pages</c>: the customer pages under <c>wrk</c>, beside <c>/healthz</c>. Signs in as the customer the way
/// <c>http-load</c> does, then for each connection count runs wrk on <c>/healthz</c> and on each page with the auth
/// cookie as a header, and prints requests/s, p50 and p99 (wrk's own latency distribution) and each page's share of
/// <c>/healthz</c>'s requests/s at the same concurrency.
/// </summary>
public static partial class WrkPages
{
    public static readonly string[] CustomerPages = ["/", "/loyalty", "/analytics", "/segment", "/offers", "/tickets", "/notifications"];

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Portal.Benchmarks pages --base-url http://127.0.0.1:5091
                 [--email bench200@seed.local] [--password Seed-Customer-2026] [--paths /,/loyalty,…]
                 [--connections 8,32] [--duration 15] [--warmup 5] [--threads 2] [--compressed] [--wrk /usr/bin/wrk]
                 [--server-pid PID (prints the server's CPU time per request)]
        """;

    private sealed record Options(Uri BaseUrl, string Email, string Password, string[] Paths, int[] Connections,
        int Duration, int Warmup, int Threads, bool Compressed, string Wrk, int? ServerPid);

    internal sealed record Figures(double PerSecond, double P50, double P99, long Requests, long Errors)
    {
        /// <summary>The server's CPU time per request (user + system), when its process id was given.</summary>
        public double? CpuMs { get; init; }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (!File.Exists(options.Wrk))
        {
            Console.WriteLine($"FAILED: {options.Wrk} not found (Debian: apt-get install wrk)");
            return 1;
        }
        // Identity re-checks the security stamp once the cookie is a minute old and then on every request (wrk never
        // stores the renewed cookie), which no browser pays: a fresh sign-in keeps each measurement inside that minute.
        var measurement = options.Warmup + options.Duration;
        if (measurement > 50)
            Console.WriteLine("warning: warm-up + duration over 50 s: the cookie passes Identity's 1-minute stamp check mid-run.");

        Console.WriteLine($"pages (wrk) against {options.BaseUrl} as {options.Email}; {options.Duration} s per measurement after {options.Warmup} s warm-up, "
            + $"{options.Threads} wrk threads, {(options.Compressed ? "Accept-Encoding: br, gzip" : "uncompressed")}");
        Console.WriteLine($"Load average at start (1, 5, 15 min): {LoadAverage()}");

        var session = new Session(options);
        var failed = false;
        foreach (var connections in options.Connections)
        {
            Figures? health = null;
            foreach (var path in options.Paths.Prepend("/healthz"))
            {
                var cookie = path == "/healthz" ? null : await session.FreshCookieAsync();
                if (path != "/healthz" && cookie is null)
                {
                    Console.WriteLine($"FAILED: sign-in: {session.Problem}");
                    return 1;
                }
                // The page must answer 200 with this cookie before and after: wrk counts a redirect to the sign-in page as a success.
                if (await session.CheckAsync(path, cookie) is { } before)
                {
                    Console.WriteLine($"{path,-16} c={connections,-4} FAILED before the run: {before}");
                    failed = true;
                    continue;
                }
                if (options.Warmup > 0) await RunWrkAsync(options, path, connections, options.Warmup, cookie);
                var cpuBefore = ServerCpuMs(options.ServerPid);
                var f = await RunWrkAsync(options, path, connections, options.Duration, cookie);
                if (cpuBefore is { } c0 && ServerCpuMs(options.ServerPid) is { } c1 && f.Requests > 0) f = f with { CpuMs = (c1 - c0) / f.Requests };
                var after = await session.CheckAsync(path, cookie);
                health ??= f;
                var ratio = path == "/healthz" || health.PerSecond == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"  {100 * f.PerSecond / health.PerSecond,5:F1}% of /healthz");
                var cpu = f.CpuMs is { } ms ? string.Create(CultureInfo.InvariantCulture, $"  server CPU {ms:F2} ms/request") : "";
                var problems = (f.Errors > 0 ? $"  FAILED: {f.Errors:N0} errors or non-2xx/3xx" : "") + (after is null ? "" : $"  FAILED after the run: {after}");
                failed |= problems.Length > 0;
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{path,-16} c={connections,-4} {f.PerSecond,9:N0} req/s  p50={f.P50,8:F2} ms  p99={f.P99,8:F2} ms  ({f.Requests:N0} requests){ratio}{cpu}{problems}");
                Console.WriteLine(line);
            }
        }
        Console.WriteLine($"Load average now: {LoadAverage()}");
        return failed ? 1 : 0;
    }

    /// <summary><c>sign-in</c>: signs in and prints the Cookie header value (for Lighthouse's --extra-headers).</summary>
    public static async Task<int> PrintCookieAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var cookie = await new Session(options).FreshCookieAsync();
        if (cookie is null)
        {
            Console.Error.WriteLine("FAILED: sign-in");
            return 1;
        }
        Console.WriteLine(cookie);
        return 0;
    }

    private static async Task<Figures> RunWrkAsync(Options options, string path, int connections, int seconds, string? cookie)
    {
        var psi = new ProcessStartInfo(options.Wrk) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-t", Math.Min(options.Threads, connections).ToString(CultureInfo.InvariantCulture),
                     "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds + "s", "--timeout", "10s", "--latency" })
            psi.ArgumentList.Add(a);
        if (cookie is not null) { psi.ArgumentList.Add("-H"); psi.ArgumentList.Add("Cookie: " + cookie); }
        if (options.Compressed) { psi.ArgumentList.Add("-H"); psi.ArgumentList.Add("Accept-Encoding: br, gzip"); }
        psi.ArgumentList.Add(new Uri(options.BaseUrl, path).ToString());
        using var wrk = Process.Start(psi)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return ParseWrk(output);
    }

    /// <summary>Reads wrk's summary: Requests/sec, the 50% and 99% lines of --latency, the request count and errors.</summary>
    internal static Figures ParseWrk(string output)
    {
        double Latency(string percent)
        {
            var m = Regex.Match(output, @"^\s*" + percent + @"%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = Regex.Match(output, @"Requests/sec:\s+([\d.]+)");
        var requests = Regex.Match(output, @"(\d+) requests in");
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)");
        var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        long errors = non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (socket.Success)
            for (var g = 1; g <= 4; g++) errors += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
        if (!rps.Success) errors = Math.Max(errors, 1);
        return new Figures(
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Latency("50"), Latency("99"),
            requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors);
    }

    /// <summary>A signed-in customer whose cookie is renewed by signing in again when it is older than 30 s.</summary>
    private sealed class Session(Options options)
    {
        private string? _cookie;
        private DateTime _at;
        public string? Problem { get; private set; }

        public async Task<string?> FreshCookieAsync()
        {
            if (_cookie is not null && DateTime.UtcNow - _at < TimeSpan.FromSeconds(30)) return _cookie;
            var cookies = new CookieContainer();
            using var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
            Problem = await HttpLoad.SignInAsync(client, cookies, options.BaseUrl, options.Email, options.Password);
            if (Problem is not null) return _cookie = null;
            _at = DateTime.UtcNow;
            return _cookie = cookies.GetCookieHeader(options.BaseUrl);
        }

        /// <summary>Null when <paramref name="path"/> answers 200 with the cookie; otherwise what it answered.</summary>
        public async Task<string?> CheckAsync(string path, string? cookie)
        {
            using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (cookie is not null) request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode} {response.Headers.Location}";
        }
    }

    /// <summary>
    /// User + system CPU time of the server process so far (/proc/PID/stat, in clock ticks of 10 ms). Per request it
    /// depends far less on what else runs on the machine than requests/s do.
    /// </summary>
    private static double? ServerCpuMs(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat")) return null;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0: utime (14) and stime (15) are indexes 11 and 12.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static Options? Parse(string[] args)
    {
        Uri? baseUrl = null;
        var email = "bench200@seed.local";
        var password = Portal.Core.Demo.ScaleSeed.Password;
        var paths = CustomerPages;
        int[] connections = [8, 32];
        int duration = 15, warmup = 5, threads = 2;
        var compressed = false;
        var wrk = "/usr/bin/wrk";
        int? serverPid = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--compressed") { compressed = true; continue; }
            if (i + 1 >= args.Length) return null;
            var value = args[++i];
            switch (args[i - 1])
            {
                case "--base-url" when Uri.TryCreate(value, UriKind.Absolute, out var url): baseUrl = url; break;
                case "--email": email = value; break;
                case "--password": password = value; break;
                case "--paths": paths = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--connections": connections = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--duration" when int.TryParse(value, CultureInfo.InvariantCulture, out var d) && d > 0: duration = d; break;
                case "--warmup" when int.TryParse(value, CultureInfo.InvariantCulture, out var w) && w >= 0: warmup = w; break;
                case "--threads" when int.TryParse(value, CultureInfo.InvariantCulture, out var t) && t > 0: threads = t; break;
                case "--wrk": wrk = value; break;
                case "--server-pid" when int.TryParse(value, CultureInfo.InvariantCulture, out var pid): serverPid = pid; break;
                default:
                    Console.Error.WriteLine($"Unknown argument or bad value: {args[i - 1]} {value}");
                    return null;
            }
        }
        if (baseUrl is null || paths.Length == 0 || connections.Length == 0 || connections.Any(c => c < 1)) return null;
        return new Options(baseUrl, email, password, paths, connections, duration, warmup, threads, compressed, wrk, serverPid);
    }
}
