using System.Diagnostics;
using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>What one measured run reports: the timed part only (set-up and checks are outside the stopwatch).</summary>
public readonly record struct Sample(TimeSpan Elapsed);

/// <summary>A scenario whose checks failed: the figures would be meaningless, so the program exits non-zero.</summary>
public sealed class BenchmarkFailedException(string message) : Exception(message);

/// <summary>
/// A plain Stopwatch harness: warm-up runs that are thrown away (JIT, EF Core query compilation, the OS file cache),
/// then measured runs, reported as median and 95th percentile (nearest rank; with few runs that is the slowest one).
/// </summary>
public static class Harness
{
    public static async Task<IReadOnlyList<TimeSpan>> MeasureAsync(int warmups, int runs, Func<Task<IReadOnlyList<Sample>>> run)
    {
        for (var i = 0; i < warmups; i++) await run();
        var samples = new List<TimeSpan>();
        for (var i = 0; i < runs; i++) samples.AddRange((await run()).Select(s => s.Elapsed));
        return samples;
    }

    /// <summary>Times <paramref name="measured"/> alone.</summary>
    public static async Task<Sample> TimeAsync(Func<Task> measured)
    {
        var watch = Stopwatch.StartNew();
        await measured();
        watch.Stop();
        return new Sample(watch.Elapsed);
    }

    public static double Median(IReadOnlyList<TimeSpan> samples)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double Percentile(IReadOnlyList<TimeSpan> samples, double percent)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>One line per scenario: name, warm-up and measured runs (and samples when a run has several), median, p95, throughput.</summary>
    public static string Line(string name, int warmups, int runs, IReadOnlyList<TimeSpan> samples, string unit, Func<double, string>? throughput = null)
    {
        var median = Median(samples);
        var p95 = Percentile(samples, 95);
        var counted = $"warm-up={warmups} runs={runs}" + (samples.Count == runs ? "" : $" samples={samples.Count}");
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} {counted,-33} median={median,10:F2} ms  p95={p95,10:F2} ms  ({unit})");
        return throughput is null ? line : line + "  " + throughput(median);
    }

    public static string PerSecond(double count, double milliseconds, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{count * 1000 / milliseconds:N0} {what}/s");
}
