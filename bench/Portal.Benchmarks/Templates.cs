using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks;

/// <summary>
/// Seeded databases built once per process (not timed), then copied to a fresh file for every run. The base one is
/// migrated with the app's own migrations; each scenario's is a copy of it with that scenario's data.
/// </summary>
public sealed class Templates(string folder)
{
    private readonly Dictionary<string, Task<string>> _built = [];
    private int _runs;

    public string Folder => folder;

    /// <summary>A new file name for one run.</summary>
    public string RunFile(string name) => Path.Combine(folder, $"{name}-run{Interlocked.Increment(ref _runs)}.db");

    public Task<string> BaseAsync() => Once("base", async file =>
    {
        await using var db = await BenchDatabase.CreateAsync(file);
    });

    /// <summary>Builds <paramref name="name"/> from a copy of the base once; later calls get the same file.</summary>
    public Task<string> SeededAsync(string name, Func<BenchDatabase, Task> seed) => Once(name, async file =>
    {
        await using var db = BenchDatabase.CopyOf(await BaseAsync(), file, seeding: true);
        await seed(db);
    });

    private Task<string> Once(string name, Func<string, Task> build)
    {
        if (!_built.TryGetValue(name, out var task))
        {
            var file = Path.Combine(folder, name + ".db");
            _built[name] = task = build(file).ContinueWith(t => { t.GetAwaiter().GetResult(); return file; }, TaskScheduler.Default);
        }
        return task;
    }

    /// <summary>What a fresh copy looks like to SQLite: proves the WAL mode survived the copy, and shows the fsync level.</summary>
    public async Task<string> DescribeAsync()
    {
        await using var db = BenchDatabase.CopyOf(await BaseAsync(), RunFile("describe"));
        return await db.UseAsync(async sp =>
        {
            var connection = sp.GetRequiredService<PortalDbContext>().Database.GetDbConnection();
            await connection.OpenAsync();
            async Task<string> Scalar(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            var synchronous = await Scalar("PRAGMA synchronous;") switch { "0" => "OFF", "1" => "NORMAL", "2" => "FULL", "3" => "EXTRA", var s => s };
            return $"SQLite {await Scalar("SELECT sqlite_version();")}, journal_mode={await Scalar("PRAGMA journal_mode;")}, synchronous={synchronous}";
        });
    }
}

/// <summary>Purchases that look like a shop's: one to three lines, groceries to electronics.</summary>
public static class Shopping
{
    private static readonly (string Category, long MinMinor, long MaxMinor)[] Categories =
    [
        ("Grocery", 4_000, 35_000), ("Coffee", 1_200, 4_500), ("Pharmacy", 1_500, 12_000), ("Beauty", 3_500, 30_000),
        ("Fashion", 9_000, 45_000), ("Home", 6_000, 40_000), ("Toys", 4_000, 20_000), ("Electronics", 15_000, 120_000),
    ];

    public static List<PurchaseLineInput> Lines(Random random) =>
        Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var (category, min, max) = Categories[random.Next(Categories.Length)];
            return new PurchaseLineInput(category, random.Next(1, 3), random.NextInt64(min, max) / 5 * 5);
        }).ToList();

    public static PurchaseChannel Channel(Random random) => random.NextDouble() < 0.7 ? PurchaseChannel.Store : PurchaseChannel.Online;

    public static async Task<long> AddRewardAsync(BenchDatabase db, string name, long cost) => await db.UseAsync(async sp =>
    {
        var context = sp.GetRequiredService<PortalDbContext>();
        var reward = new Reward { NameEn = name, NameAr = name, CostPoints = cost, CreatedAtUtc = BenchDatabase.Now.UtcDateTime.AddYears(-2) };
        context.Add(reward);
        await context.SaveChangesAsync();
        return reward.Id;
    });

    /// <summary>Records through the real ingestion (the ledger writes the points); fails loudly if it is refused.</summary>
    public static async Task RecordAsync(PurchaseIngestion ingestion, PurchaseInput input)
    {
        var outcome = await ingestion.RecordAsync(input, null);
        if (!outcome.Succeeded || outcome.Repeated)
            throw new BenchmarkFailedException($"Seeding: purchase {input.OrderId} was not recorded ({outcome.Error}).");
    }
}
