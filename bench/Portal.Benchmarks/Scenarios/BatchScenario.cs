using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks.Scenarios;

/// <summary>
/// What POST /api/purchases/batch does with a full batch: 1,000 purchases for 100 customers, recorded one after
/// the other through <see cref="PurchaseIngestion.RecordAsync"/> in one scope (so one DbContext).
/// </summary>
public sealed class BatchScenario : IScenario
{
    private const int Customers = 100;
    private const int Purchases = 1_000;

    public string Name => "batch-1000";
    // Tiered PGO keeps optimising RecordAsync through about the first 2,000 calls: the first measured run was ~70% slower after one warm-up.
    private const int Warmups = 2;

    public int DefaultRuns => 7;

    public async Task<string> RunAsync(Templates templates, int runs)
    {
        IReadOnlyList<Customer> customers = [];
        var template = await templates.SeededAsync("customers-100", async db => customers = await db.AddCustomersAsync(Customers));
        var inputs = Inputs(customers);

        var samples = await Harness.MeasureAsync(Warmups, runs, async () =>
        {
            await using var db = BenchDatabase.CopyOf(template, templates.RunFile(Name));
            await using var scope = db.Services.CreateAsyncScope();
            var ingestion = scope.ServiceProvider.GetRequiredService<PurchaseIngestion>();
            var recorded = 0;
            var sample = await Harness.TimeAsync(async () =>
            {
                foreach (var input in inputs)
                    if (await ingestion.RecordAsync(input, integrationKeyId: null) is { Succeeded: true, Repeated: false }) recorded++;
            });
            if (recorded != inputs.Count) throw new BenchmarkFailedException($"{Name}: recorded {recorded} of {inputs.Count} purchases.");
            return [sample];
        });
        return Harness.Line(Name, Warmups, runs, samples, "1,000 purchases per run", median => Harness.PerSecond(Purchases, median, "purchases"));
    }

    /// <summary>The customers take turns, as a till's day would interleave them; all in the last 30 days.</summary>
    internal static List<PurchaseInput> Inputs(IReadOnlyList<Customer> customers)
    {
        var random = new Random(1000);
        var start = BenchDatabase.Now.UtcDateTime.AddDays(-30);
        return Enumerable.Range(0, Purchases).Select(i => new PurchaseInput(
            customers[i % customers.Count].Number,
            $"BATCH-{i + 1:D5}",
            start.AddMinutes(i * 43),
            Shopping.Channel(random),
            Shopping.Lines(random))).ToList();
    }
}
