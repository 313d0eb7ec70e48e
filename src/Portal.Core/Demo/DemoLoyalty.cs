using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Core.Demo;

/// <summary>
/// Eighteen months of purchases for the demo customers, played through the real ledger on a simulated clock, so
/// pending points, expiries, tiers, bonuses and redemptions all happened when they would have. Layla ends just
/// short of Gold; Sam is Gold with a big purchase about to leave his window (the keep-tier warning).
/// </summary>
public sealed class DemoLoyalty(PortalDbContext db, LoyaltyOptions options, TimeProvider clock) : IDemoData
{
    public int Order => 20;

    /// <summary>Rewards and 18 months of purchases (a few seconds): only with DemoData:LoyaltyHistory.</summary>
    public Task SeedAsync(DemoDataOptions demo, CancellationToken ct) => demo.LoyaltyHistory ? SeedAsync(ct) : Task.CompletedTask;

    // Weighted: groceries and coffee often, electronics rarely. Also the categories of the scale seed.
    internal static readonly (string Category, long MinMinor, long MaxMinor, int Weight)[] Categories =
    [
        ("Grocery", 4_000, 35_000, 30), ("Coffee", 1_200, 4_500, 15), ("Pharmacy", 1_500, 12_000, 12), ("Beauty", 3_500, 30_000, 12),
        ("Fashion", 9_000, 45_000, 12), ("Home", 6_000, 40_000, 10), ("Toys", 4_000, 20_000, 6), ("Electronics", 15_000, 120_000, 3),
    ];

    internal static (string Category, long MinMinor, long MaxMinor, int Weight) PickCategory(Random random)
    {
        var roll = random.Next(Categories.Sum(c => c.Weight));
        foreach (var c in Categories)
            if ((roll -= c.Weight) < 0) return c;
        return Categories[0];
    }

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Set<Reward>().AnyAsync(ct)) await SeedRewardsAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Sam: Gold thanks to a big purchase that leaves his window in about ten days; without it he would be Silver.
        await SeedCustomerAsync("customer@demo.local", "SAM", seed: 7, purchasesPerMonth: 6, qualifyingTarget: 3_800, bigPurchaseAt: now.AddMonths(-12).AddDays(10), ct);
        // Layla: 200 points short of Gold.
        await SeedCustomerAsync("layla@demo.local", "LAY", seed: 11, purchasesPerMonth: 7, qualifyingTarget: 4_800, bigPurchaseAt: null, ct);
    }

    private async Task SeedRewardsAsync(CancellationToken ct)
    {
        var created = clock.GetUtcNow().UtcDateTime.AddMonths(-19);
        Reward R(string en, string ar, string dEn, string dAr, long cost, int? stock = null, Tier? tier = null) => new()
        {
            NameEn = en, NameAr = ar, DescriptionEn = dEn, DescriptionAr = dAr, CostPoints = cost, Stock = stock, MinimumTier = tier, CreatedAtUtc = created,
        };
        db.AddRange(
            R("Free coffee", "قهوة مجانية", "Any hot drink at our in-store café.", "أي مشروب ساخن من مقهى المتجر.", 300),
            R("Free delivery", "توصيل مجاني", "Free delivery on your next online order.", "توصيل مجاني لطلبك القادم عبر الإنترنت.", 450),
            R("Gift wrapping", "تغليف هدايا", "Hand gift wrapping for one order.", "تغليف يدوي للهدايا لطلب واحد.", 200, stock: 40),
            R("SAR 50 voucher", "قسيمة بقيمة 50 ريالًا", "Spend it on anything in store or online.", "استخدمها في أي مشتريات من المتجر أو عبر الإنترنت.", 2_500),
            R("SAR 150 voucher", "قسيمة بقيمة 150 ريالًا", "For Gold members and above.", "لأعضاء الفئة الذهبية فما فوق.", 6_500, tier: Tier.Gold),
            R("Personal shopping session", "جلسة تسوق شخصية", "An hour with a personal stylist.", "ساعة مع منسق أزياء شخصي.", 9_000, stock: 5, tier: Tier.Platinum));
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedCustomerAsync(string email, string prefix, int seed, int purchasesPerMonth, long? qualifyingTarget, DateTime? bigPurchaseAt, CancellationToken ct)
    {
        var customer = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.CustomerNumber }).FirstOrDefaultAsync(ct);
        if (customer is null || await db.Set<Purchase>().AnyAsync(p => p.CustomerId == customer.Id, ct)) return;

        var real = clock.GetUtcNow().UtcDateTime;
        // The history starts 18 months ago: so does the membership ("Member since" on the card and profile).
        var joined = real.AddMonths(-18).AddDays(-2);
        await db.Users.Where(u => u.Id == customer.Id && u.MemberSinceUtc > joined)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.MemberSinceUtc, joined), ct);
        var simulated = new SimulatedClock(real.AddMonths(-18));
        var ledger = new PointsLedger(db, simulated, options);
        var ingestion = new PurchaseIngestion(ledger, db, simulated);
        var rewards = new RewardsCatalog(ledger, db, simulated);
        var coffee = await db.Set<Reward>().Where(r => r.NameEn == "Free coffee").Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        var random = new Random(seed);
        var windowStart = real.AddMonths(-options.QualifyingMonths);

        // Plan first, then scale the spending inside the qualifying window so the tier lands where the story needs it.
        var plan = new List<(DateTime At, List<PurchaseLineInput> Lines, bool Big)>();
        for (var day = real.AddMonths(-18).Date; day < real.Date; day = day.AddDays(1))
        {
            var isBig = bigPurchaseAt is { } big && day == big.Date;
            if (!isBig && random.NextDouble() > purchasesPerMonth / 30.0) continue;
            var at = day.AddHours(random.Next(9, 22)).AddMinutes(random.Next(60));
            var lines = isBig
                ? [new PurchaseLineInput("Electronics", 1, 329_900)]
                : Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
                {
                    var (category, min, max, _) = PickCategory(random);
                    return new PurchaseLineInput(category, random.Next(1, 3), random.NextInt64(min, max) / 5 * 5);
                }).ToList();
            plan.Add((at, lines, isBig));
        }
        if (qualifyingTarget is { } target)
        {
            // Spending at a steady rate keeps the rolling total near the target all along (so the tier, and its multiplier, hold steady).
            var inWindow = plan.Where(p => p.At > windowStart && !p.Big).ToList();
            var multiplier = options.TierFor(target).Multiplier;
            var estimate = inWindow.Sum(p => options.PointsFor(p.Lines.Sum(l => l.AmountMinor), multiplier));
            var factor = estimate == 0 ? 1m : (decimal)target / estimate;
            foreach (var p in plan.Where(p => !p.Big))
                for (var i = 0; i < p.Lines.Count; i++)
                    p.Lines[i] = p.Lines[i] with { AmountMinor = (long)(p.Lines[i].AmountMinor * factor) / 5 * 5 };
        }

        var order = 1000;
        var lastRefresh = DateTime.MinValue;
        // Coffees only in the last four months: redemptions take the oldest points first, so earlier ones would use up
        // the lots that are due to expire (the first expire about six months ago), whatever today's date.
        var redeemFrom = real.AddMonths(-4);
        foreach (var (at, lines, _) in plan)
        {
            // The nightly job, roughly: expiries and unlocks happen when they would have.
            if (at - lastRefresh > TimeSpan.FromDays(7))
            {
                simulated.Now = at.Date;
                await ledger.RefreshAsync(customer.Id, ct);
                lastRefresh = at;
            }
            simulated.Now = at;
            await ingestion.RecordAsync(new PurchaseInput(customer.CustomerNumber, $"DEMO-{prefix}-{++order}", at,
                random.NextDouble() < 0.7 ? PurchaseChannel.Store : PurchaseChannel.Online, lines), null, ct);

            // Now and then a coffee, from points that have unlocked.
            if (coffee is { } coffeeId && at > redeemFrom && order % 8 == 0)
            {
                simulated.Now = at.AddMinutes(20);
                await rewards.RedeemAsync(customer.Id, coffeeId, $"demo-{prefix}-{order}", ct);
            }
        }
        simulated.Now = real;
        await ledger.RefreshAsync(customer.Id, ct);
    }

    private sealed class SimulatedClock(DateTime start) : TimeProvider
    {
        public DateTime Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }
}
