using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Portal.Benchmarks;
using Portal.Benchmarks.Scenarios;

// Usage: dotnet run -c Release --project bench/Portal.Benchmarks [scenario ...] [--runs N] [--dir FOLDER]
//    or: dotnet run -c Release --project bench/Portal.Benchmarks http-load --base-url … (see Http/HttpLoad.cs)
if (args is ["http-load", ..]) return await Portal.Benchmarks.Http.HttpLoad.RunAsync(args[1..]);
//    or: dotnet run -c Release --project bench/Portal.Benchmarks segments-at-scale --database COPY.db (see Scale/SegmentsAtScale.cs)
if (args is ["segments-at-scale", ..]) return await Portal.Benchmarks.Scale.SegmentsAtScale.RunAsync(args[1..]);
//    or: … ingest-load --base-url … --database PORTAL.db (see Ingest/IngestLoad.cs); … chat-load --base-url … (see Chat/ChatLoad.cs)
if (args is ["ingest-load", ..]) return await Portal.Benchmarks.Ingest.IngestLoad.RunAsync(args[1..]);
if (args is ["chat-load", ..]) return await Portal.Benchmarks.Chat.ChatLoad.RunAsync(args[1..]);
//    or: … pages | page-weight | sign-in --base-url … (customer pages under wrk, their weight, a cookie for Lighthouse; see bench/README.md)
if (args is ["pages", ..]) return await Portal.Benchmarks.Http.WrkPages.RunAsync(args[1..]);
if (args is ["page-weight", ..]) return await Portal.Benchmarks.Http.PageWeight.RunAsync(args[1..]);
if (args is ["sign-in", ..]) return await Portal.Benchmarks.Http.WrkPages.PrintCookieAsync(args[1..]);

IScenario[] all = [new BatchScenario(), new BatchApiScenario(), new SummaryScenario(), new RedeemRaceScenario(), new MaintenanceScenario()];

var names = new List<string>();
int? runs = null;
var folder = Path.Combine(Path.GetTempPath(), $"portal-bench-{Environment.ProcessId}");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0:
            runs = n;
            i++;
            break;
        case "--dir" when i + 1 < args.Length:
            folder = Path.Combine(Path.GetFullPath(args[++i]), $"portal-bench-{Environment.ProcessId}");
            break;
        case var name when all.Any(s => s.Name == name):
            names.Add(name);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
            Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/Portal.Benchmarks [scenario ...] [--runs N] [--dir FOLDER]");
            Console.Error.WriteLine("Scenarios: " + string.Join(", ", all.Select(s => s.Name)));
            return 2;
    }
}
var selected = names.Count == 0 ? all : all.Where(s => names.Contains(s.Name)).ToArray();

Directory.CreateDirectory(folder);
var templates = new Templates(folder);
var total = Stopwatch.StartNew();
var failed = false;
try
{
#if DEBUG
    Console.WriteLine("warning: this is a Debug build; figures are only comparable from `-c Release`.");
#endif
    Console.WriteLine($".NET {Environment.Version} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}), "
        + $"{Environment.ProcessorCount} logical cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
    Console.WriteLine($"{await templates.DescribeAsync()}; fresh file per run in {folder}");
    // Other processes share the cores: the load average says how much the figures below may have been slowed.
    if (File.Exists("/proc/loadavg"))
        Console.WriteLine($"Load average at start (1, 5, 15 min): {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
    Console.WriteLine("Each scenario: warm-up runs (not counted), then the measured runs; p95 is nearest-rank (with few runs, the slowest).");
    foreach (var scenario in selected)
    {
        try
        {
            Console.WriteLine(await scenario.RunAsync(templates, runs ?? scenario.DefaultRuns));
        }
        catch (BenchmarkFailedException e)
        {
            failed = true;
            Console.WriteLine($"{scenario.Name,-26} FAILED: {e.Message}");
        }
    }
    var load = File.Exists("/proc/loadavg") ? $"; load average now {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total {total.Elapsed.TotalSeconds:F0} s including seeding{load}."));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}
return failed ? 1 : 0;
