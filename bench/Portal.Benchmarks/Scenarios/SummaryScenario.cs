using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks.Scenarios;

/// <summary>
/// The loyalty page's summary (<see cref="PointsLedger.SummaryAsync"/>) for a customer with 18 months of history,
/// played through the real ledger on a moving clock the way DemoLoyalty does: about 120 purchases, a weekly refresh
/// (expiries and unlocks when they would have happened) and now and then a redeemed coffee.
/// Each call gets its own scope, like a page request.
/// </summary>
public sealed class SummaryScenario : IScenario
{
    private const int CallsPerRun = 50;

    public string Name => "summary-18-months";
    private const int Warmups = 1;

    public int DefaultRuns => 10;

    public async Task<string> RunAsync(Templates templates, int runs)
    {
        var history = new History();
        var template = await templates.SeededAsync("history-18-months", db => SeedAsync(db, history));

        var samples = await Harness.MeasureAsync(Warmups, runs, async () =>
        {
            await using var db = BenchDatabase.CopyOf(template, templates.RunFile(Name));
            // The first call opens the file; what is measured is a page view on a warm database.
            var first = await db.UseAsync(sp => sp.GetRequiredService<PointsLedger>().SummaryAsync(history.CustomerId));
            if (first.Active <= 0 || first.QualifyingPoints <= 0) throw new BenchmarkFailedException($"{Name}: the summary shows no points.");
            var calls = new List<Sample>(CallsPerRun);
            for (var i = 0; i < CallsPerRun; i++)
            {
                await using var scope = db.Services.CreateAsyncScope();
                var ledger = scope.ServiceProvider.GetRequiredService<PointsLedger>();
                calls.Add(await Harness.TimeAsync(() => ledger.SummaryAsync(history.CustomerId)));
            }
            return calls;
        });
        var shape = string.Create(CultureInfo.InvariantCulture,
            $"per call; {history.Purchases} purchases, {history.Redemptions} redemptions, {history.Entries} ledger entries");
        return Harness.Line(Name, Warmups, runs, samples, shape, median => Harness.PerSecond(1, median, "calls"));
    }

    private sealed class History
    {
        public string CustomerId { get; set; } = "";
        public int Purchases { get; set; }
        public int Redemptions { get; set; }
        public int Entries { get; set; }
    }

    private static async Task SeedAsync(BenchDatabase db, History history)
    {
        var customer = (await db.AddCustomersAsync(1))[0];
        history.CustomerId = customer.Id;
        var coffee = await Shopping.AddRewardAsync(db, "Free coffee", 300);
        await using var scope = db.Services.CreateAsyncScope();
        var ingestion = scope.ServiceProvider.GetRequiredService<PurchaseIngestion>();
        var ledger = scope.ServiceProvider.GetRequiredService<PointsLedger>();
        var rewards = scope.ServiceProvider.GetRequiredService<RewardsCatalog>();

        var random = new Random(18);
        var now = BenchDatabase.Now.UtcDateTime;
        var lastRefresh = DateTime.MinValue;
        for (var day = now.AddMonths(-18).Date; day < now.Date; day = day.AddDays(1))
        {
            // About 120 purchases over the 548 days.
            if (random.NextDouble() > 120.0 / 548) continue;
            var at = day.AddHours(random.Next(9, 22)).AddMinutes(random.Next(60));
            if (at - lastRefresh > TimeSpan.FromDays(7))
            {
                db.Clock.Now = at.Date;
                await ledger.RefreshAsync(customer.Id);
                lastRefresh = at;
            }
            db.Clock.Now = at;
            await Shopping.RecordAsync(ingestion, new PurchaseInput(customer.Number, $"HIST-{++history.Purchases:D4}", at,
                Shopping.Channel(random), Shopping.Lines(random)));
            if (random.NextDouble() < 0.06)
            {
                db.Clock.Now = at.AddMinutes(20);
                var redeemed = await rewards.RedeemAsync(customer.Id, coffee, $"hist-coffee-{history.Purchases}");
                if (redeemed is { Succeeded: true, Unchanged: false }) history.Redemptions++;
            }
        }
        db.Clock.Now = BenchDatabase.Now;
        await ledger.RefreshAsync(customer.Id);
        history.Entries = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<PointsEntry>().CountAsync(e => e.CustomerId == customer.Id);
    }
}
