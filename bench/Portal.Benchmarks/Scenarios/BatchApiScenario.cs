using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks.Scenarios;

/// <summary>
/// The same 1,000 purchases as <see cref="BatchScenario"/>, recorded as POST /api/purchases/batch now does: two
/// batches of 500 through <see cref="PurchaseIngestion.RecordBatchAsync"/>, one transaction each.
/// </summary>
public sealed class BatchApiScenario : IScenario
{
    private const int Customers = 100;
    private const int Batch = 500;

    public string Name => "batch-api-1000";
    private const int Warmups = 2;

    public int DefaultRuns => 7;

    public async Task<string> RunAsync(Templates templates, int runs)
    {
        // Its own template: a template seeded by batch-1000 in the same process would not run this callback.
        IReadOnlyList<Customer> customers = [];
        var template = await templates.SeededAsync("customers-100-batch-api", async db => customers = await db.AddCustomersAsync(Customers));
        var inputs = BatchScenario.Inputs(customers);

        var samples = await Harness.MeasureAsync(Warmups, runs, async () =>
        {
            await using var db = BenchDatabase.CopyOf(template, templates.RunFile(Name));
            await using var scope = db.Services.CreateAsyncScope();
            var ingestion = scope.ServiceProvider.GetRequiredService<PurchaseIngestion>();
            var recorded = 0;
            var sample = await Harness.TimeAsync(async () =>
            {
                foreach (var chunk in inputs.Chunk(Batch))
                    recorded += (await ingestion.RecordBatchAsync(chunk, integrationKeyId: null)).Count(o => o is { Succeeded: true, Repeated: false });
            });
            if (recorded != inputs.Count) throw new BenchmarkFailedException($"{Name}: recorded {recorded} of {inputs.Count} purchases.");
            return [sample];
        });
        return Harness.Line(Name, Warmups, runs, samples, "1,000 purchases per run", median => Harness.PerSecond(inputs.Count, median, "purchases"));
    }
}
