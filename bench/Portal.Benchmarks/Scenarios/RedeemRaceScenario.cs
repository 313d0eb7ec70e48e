using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Benchmarks.Scenarios;

/// <summary>
/// Twenty redemptions of the same reward at once, each in its own scope (its own DbContext and connection), against a
/// balance that covers exactly one. Measures the wall time until all twenty have answered, and checks the outcome:
/// one code issued, nineteen refusals for insufficient points, no errors, and the balance charged once.
/// </summary>
public sealed class RedeemRaceScenario : IScenario
{
    private const int Racers = 20;
    private const long Cost = 500;
    private const long Earned = 800; // one purchase of SAR 800 at Bronze: covers one reward, not two

    public string Name => "redeem-race-20";
    private const int Warmups = 1;

    public int DefaultRuns => 20;

    public async Task<string> RunAsync(Templates templates, int runs)
    {
        var customerId = "";
        long rewardId = 0;
        var template = await templates.SeededAsync("redeem-race", async db =>
        {
            var customer = (await db.AddCustomersAsync(1))[0];
            customerId = customer.Id;
            rewardId = await Shopping.AddRewardAsync(db, "Free delivery", Cost);
            // Bought a month ago, so the points have left the 14-day pending window.
            var at = BenchDatabase.Now.UtcDateTime.AddDays(-30);
            db.Clock.Now = at;
            await db.UseAsync(async sp =>
            {
                await Shopping.RecordAsync(sp.GetRequiredService<PurchaseIngestion>(),
                    new PurchaseInput(customer.Number, "RACE-1", at, PurchaseChannel.Store, [new PurchaseLineInput("Home", 1, Earned * 100)]));
                return true;
            });
        });

        var samples = await Harness.MeasureAsync(Warmups, runs, async () =>
        {
            await using var db = BenchDatabase.CopyOf(template, templates.RunFile(Name));
            var scopes = Enumerable.Range(0, Racers).Select(_ => db.Services.CreateAsyncScope()).ToList();
            try
            {
                var catalogs = scopes.Select(s => s.ServiceProvider.GetRequiredService<RewardsCatalog>()).ToList();
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var racers = catalogs.Select((catalog, i) => Task.Run(async () =>
                {
                    await start.Task;
                    try { return (Result: await catalog.RedeemAsync(customerId, rewardId, $"race-{i}"), Error: (Exception?)null); }
                    catch (Exception e) { return (Result: default(LedgerResult<Redemption>), Error: e); }
                })).ToList();
                var outcomes = Array.Empty<(LedgerResult<Redemption> Result, Exception? Error)>();
                var sample = await Harness.TimeAsync(async () =>
                {
                    start.SetResult();
                    outcomes = await Task.WhenAll(racers);
                });
                await CheckAsync(db, customerId, outcomes);
                return [sample];
            }
            finally
            {
                foreach (var scope in scopes) await scope.DisposeAsync();
            }
        });
        return Harness.Line(Name, Warmups, runs, samples, "wall time for 20 racing calls", _ => $"exactly 1 of {Racers} succeeded in every run");
    }

    private async Task CheckAsync(BenchDatabase db, string customerId, IReadOnlyList<(LedgerResult<Redemption> Result, Exception? Error)> outcomes)
    {
        var issued = outcomes.Count(o => o.Error is null && o.Result is { Succeeded: true, Unchanged: false });
        var refused = outcomes.Count(o => o.Error is null && o.Result.Error == LoyaltyError.InsufficientPoints);
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!.GetType().Name + ": " + o.Error.Message).Distinct().ToList();
        var (redemptions, active) = await db.UseAsync(async sp =>
        {
            var context = sp.GetRequiredService<PortalDbContext>();
            return (await context.Set<Redemption>().CountAsync(r => r.CustomerId == customerId),
                await context.Set<PointsAccount>().Where(a => a.CustomerId == customerId).Select(a => a.Active).FirstAsync());
        });
        if (issued != 1 || refused != Racers - 1 || errors.Count > 0 || redemptions != 1 || active != Earned - Cost)
            throw new BenchmarkFailedException($"{Name}: {issued} succeeded (expected exactly 1), {refused} refused for insufficient points, "
                + $"{redemptions} redemptions stored, balance {active} (expected {Earned - Cost}); errors: {(errors.Count == 0 ? "none" : string.Join(" | ", errors))}");
    }
}
