using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks.Scenarios;

/// <summary>
/// The daily job, <see cref="LoyaltyMaintenance.RunAsync"/>, over 1,000 accounts with three lots each: one that expired
/// two days ago (so the run writes 1,000 expiries and the tier is re-evaluated without it), one active, one pending.
/// </summary>
public sealed class MaintenanceScenario : IScenario
{
    private const int Accounts = 1_000;

    public string Name => "maintenance-1000-accounts";
    private const int Warmups = 1;

    public int DefaultRuns => 7;

    public async Task<string> RunAsync(Templates templates, int runs)
    {
        var template = await templates.SeededAsync("accounts-1000", SeedAsync);

        var samples = await Harness.MeasureAsync(Warmups, runs, async () =>
        {
            await using var db = BenchDatabase.CopyOf(template, templates.RunFile(Name));
            await using var scope = db.Services.CreateAsyncScope();
            var maintenance = scope.ServiceProvider.GetRequiredService<LoyaltyMaintenance>();
            var refreshed = 0;
            var sample = await Harness.TimeAsync(async () => refreshed = await maintenance.RunAsync());
            // Only this run's: seeding already expired some early tier bonuses.
            var expiries = await db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PointsEntry>()
                .CountAsync(e => e.Kind == PointsEntryKind.Expire && e.CreatedAtUtc == BenchDatabase.Now.UtcDateTime));
            if (refreshed != Accounts || expiries != Accounts)
                throw new BenchmarkFailedException($"{Name}: refreshed {refreshed} accounts and wrote {expiries} expiries (expected {Accounts} each).");
            return [sample];
        });
        return Harness.Line(Name, Warmups, runs, samples, "1,000 accounts per run", median => Harness.PerSecond(Accounts, median, "accounts"));
    }

    private static async Task SeedAsync(BenchDatabase db)
    {
        var customers = await db.AddCustomersAsync(Accounts);
        var now = BenchDatabase.Now.UtcDateTime;
        // Pending 14 days, then 12 months to spend: the first lot became active 12 months and 2 days ago and expired 2 days ago.
        var phases = new[] { ("OLD", now.AddMonths(-12).AddDays(-16)), ("MID", now.AddDays(-60)), ("NEW", now.AddDays(-7)) };
        var random = new Random(1000);
        await using var scope = db.Services.CreateAsyncScope();
        var ingestion = scope.ServiceProvider.GetRequiredService<PurchaseIngestion>();
        foreach (var (prefix, start) in phases)
        {
            for (var i = 0; i < customers.Count; i++)
            {
                var at = start.AddSeconds(i * 30);
                db.Clock.Now = at;
                await Shopping.RecordAsync(ingestion, new PurchaseInput(customers[i].Number, $"{prefix}-{i:D4}", at, Shopping.Channel(random), Shopping.Lines(random)));
            }
        }
        db.Clock.Now = BenchDatabase.Now;
    }
}
