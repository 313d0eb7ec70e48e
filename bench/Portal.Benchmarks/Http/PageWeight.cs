using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks.Http;

/// <summary>
/// <c>page-weight</c>: signed in as the customer, fetches each section page and every stylesheet and script its HTML
/// references, all with <c>Accept-Encoding: br, gzip</c> as a browser sends it, and prints the bytes on the wire
/// (compressed) of the HTML, the CSS and the JS per page, with the uncompressed sizes beside them. Scripts a page
/// fetches on demand (site.js, for the elements it holds, Chart.js for a chart) are counted for it. A page with a
/// chart is not held to the 60 KB target.
/// </summary>
public static partial class PageWeight
{
    public const int TargetKb = 60;

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Portal.Benchmarks page-weight --base-url http://127.0.0.1:5091
                 [--email bench200@seed.local] [--password Seed-Customer-2026] [--paths /,/loyalty,…] [--verbose]
        """;

    private sealed record Asset(string Url, string Kind, long Wire, long Raw, string Encoding);

    public static async Task<int> RunAsync(string[] args)
    {
        Uri? baseUrl = null;
        var email = "bench200@seed.local";
        var password = Portal.Core.Demo.ScaleSeed.Password;
        var paths = WrkPages.CustomerPages;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--verbose") { verbose = true; continue; }
            if (i + 1 >= args.Length) { Console.Error.WriteLine(Usage); return 2; }
            var value = args[++i];
            switch (args[i - 1])
            {
                case "--base-url" when Uri.TryCreate(value, UriKind.Absolute, out var url): baseUrl = url; break;
                case "--email": email = value; break;
                case "--password": password = value; break;
                case "--paths": paths = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }
        if (baseUrl is null) { Console.Error.WriteLine(Usage); return 2; }

        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (await HttpLoad.SignInAsync(client, cookies, baseUrl, email, password) is { } problem)
        {
            Console.WriteLine($"FAILED: sign-in: {problem}");
            return 1;
        }
        Console.WriteLine($"page-weight against {baseUrl} as {email}; bytes on the wire with Accept-Encoding: br, gzip (uncompressed in brackets); 1 KB = 1,024 bytes");
        Console.WriteLine($"{"Page",-15} {"HTML",-17} {"CSS",-17} {"JS",-19} {"CSS+JS",-8} Target (pages without charts: ≤ {TargetKb} KB)");

        var failed = false;
        var cache = new Dictionary<string, Asset>();
        foreach (var path in paths)
        {
            var (html, status, htmlAsset) = await FetchPageAsync(client, path);
            if (status != HttpStatusCode.OK)
            {
                Console.WriteLine($"{path,-15} FAILED: answered {(int)status}");
                failed = true;
                continue;
            }
            var charts = HasElement(html, "canvas[data-chart]");
            var urls = References(html).ToList();
            // Scripts on demand (site.js): fetched when the page holds an element for them, so counted for that page.
            var onDemand = new HashSet<string>();
            foreach (Match m in OnDemandScripts().Matches(html))
                if (WebUtility.HtmlDecode(m.Groups[1].Value).Split(',').Any(sel => HasElement(html, sel.Trim())))
                    foreach (var url in WebUtility.HtmlDecode(m.Groups[2].Value).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        if (onDemand.Add(url)) urls.Add(url);
            var assets = new List<Asset>();
            foreach (var url in urls.Distinct())
            {
                if (!cache.TryGetValue(url, out var asset)) cache[url] = asset = await FetchAssetAsync(client, url);
                assets.Add(onDemand.Contains(url) ? asset with { Url = asset.Url + " (on demand)" } : asset);
            }
            var css = assets.Where(a => a.Kind == "css").ToList();
            var js = assets.Where(a => a.Kind == "js").ToList();
            var total = css.Sum(a => a.Wire) + js.Sum(a => a.Wire);
            var verdict = charts ? "(has charts)" : total <= TargetKb * 1024 ? "met" : $"MISSED by {Kb(total - TargetKb * 1024)} KB";
            Console.WriteLine($"{path,-15} {Pair(htmlAsset.Wire, htmlAsset.Raw),-17} {Pair(css.Sum(a => a.Wire), css.Sum(a => a.Raw)),-17} {Pair(js.Sum(a => a.Wire), js.Sum(a => a.Raw)) + $" {js.Count} files",-19} {Kb(total),-8} {verdict}");
            if (verbose)
                foreach (var a in assets.Prepend(htmlAsset))
                    Console.WriteLine($"    {a.Kind,-4} {Kb(a.Wire),7} KB {a.Encoding,-5} ({Kb(a.Raw)} KB) {a.Url}");
        }
        var plain = cache.Values.Where(a => a.Encoding == "none" && a.Raw > 1024).ToList();
        foreach (var a in plain) Console.WriteLine($"not compressed: {a.Url} ({Kb(a.Raw)} KB)");
        return failed ? 1 : 0;
    }

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Pair(long wire, long raw) => $"{Kb(wire)} ({Kb(raw)})";

    private static async Task<(string Html, HttpStatusCode Status, Asset Asset)> FetchPageAsync(HttpClient client, string path)
    {
        var (body, wire, encoding, status) = await GetAsync(client, path);
        return (Encoding.UTF8.GetString(body), status, new Asset(path, "html", wire, body.Length, encoding));
    }

    private static async Task<Asset> FetchAssetAsync(HttpClient client, string url)
    {
        var (body, wire, encoding, status) = await GetAsync(client, url);
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"{url} answered {(int)status}");
        return new Asset(url, url.Split('?')[0].EndsWith(".css", StringComparison.Ordinal) ? "css" : "js", wire, body.Length, encoding);
    }

    /// <summary>The decoded body, the bytes on the wire and the Content-Encoding.</summary>
    private static async Task<(byte[] Body, long Wire, string Encoding, HttpStatusCode Status)> GetAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        using var response = await client.SendAsync(request);
        var raw = await response.Content.ReadAsByteArrayAsync();
        var encoding = response.Content.Headers.ContentEncoding.FirstOrDefault() ?? "none";
        Stream decoded = encoding switch
        {
            "br" => new BrotliStream(new MemoryStream(raw), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(raw), CompressionMode.Decompress),
            _ => new MemoryStream(raw),
        };
        using var output = new MemoryStream();
        await decoded.CopyToAsync(output);
        return (output.ToArray(), raw.Length, encoding, response.StatusCode);
    }

    private static IEnumerable<string> References(string html)
    {
        foreach (Match m in StylesheetLink().Matches(html)) yield return WebUtility.HtmlDecode(m.Groups[1].Value);
        foreach (Match m in ScriptSrc().Matches(html)) yield return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>Whether the HTML has an element for a simple selector: <c>tag[attribute]</c>, <c>[attribute]</c> or <c>#id</c>.</summary>
    private static bool HasElement(string html, string selector)
    {
        if (Regex.Match(selector, @"^#([A-Za-z0-9_-]+)$") is { Success: true } id)
            return Regex.IsMatch(html, @"<[a-z0-9-]+\s[^>]*?\bid=""" + Regex.Escape(id.Groups[1].Value) + "\"");
        var m = Regex.Match(selector, @"^([a-z0-9-]*)\[([a-z0-9-]+)\]$");
        if (!m.Success) throw new InvalidOperationException($"page-weight reads only tag[attribute], [attribute] and #id selectors, not '{selector}'");
        var tag = m.Groups[1].Value.Length > 0 ? Regex.Escape(m.Groups[1].Value) : "[a-z0-9-]+";
        return Regex.IsMatch(html, "<" + tag + @"\s[^>]*?\b" + Regex.Escape(m.Groups[2].Value) + @"(\s|=|/?>)");
    }

    [GeneratedRegex("<link[^>]*rel=\"stylesheet\"[^>]*href=\"([^\"]+)\"")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSrc();

    [GeneratedRegex("<meta name=\"portal-scripts\" data-when=\"([^\"]+)\"[^>]*? content=\"([^\"]+)\"")]
    private static partial Regex OnDemandScripts();
}
