using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Demo;

public class DemoLoyaltyTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private async Task<(string Id, LoyaltySummary Summary, List<Purchase> Purchases, List<PointsEntry> Ledger)> DemoCustomerAsync(string email)
    {
        var id = await factory.WithServiceAsync<string, PortalDbContext>(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var summary = await factory.WithServiceAsync<LoyaltySummary, PointsLedger>(l => l.SummaryAsync(id));
        var purchases = await factory.WithServiceAsync<List<Purchase>, PortalDbContext>(db => db.Set<Purchase>().Where(p => p.CustomerId == id).ToListAsync());
        var ledger = await factory.WithServiceAsync<List<PointsEntry>, PortalDbContext>(db => db.Set<PointsEntry>().Where(p => p.CustomerId == id).ToListAsync());
        return (id, summary, purchases, ledger);
    }

    [Fact]
    public async Task Demo_customers_have_eighteen_months_of_purchases_across_categories_with_every_kind_of_ledger_entry()
    {
        var (_, _, purchases, ledger) = await DemoCustomerAsync("customer@demo.local");

        Assert.True(purchases.Count > 80, $"{purchases.Count} purchases");
        Assert.True(purchases.Min(p => p.OccurredAtUtc) < DateTime.UtcNow.AddMonths(-17));
        Assert.True(purchases.Max(p => p.OccurredAtUtc) > DateTime.UtcNow.AddDays(-14), "some points are still pending");
        var categories = await factory.WithServiceAsync<List<string>, PortalDbContext>(db => db.Set<PurchaseLine>().Select(l => l.Category).Distinct().ToListAsync());
        Assert.True(categories.Count >= 6);
        foreach (var kind in new[] { PointsEntryKind.Earn, PointsEntryKind.Bonus, PointsEntryKind.Redeem, PointsEntryKind.Expire })
            Assert.True(ledger.Any(e => e.Kind == kind), $"no {kind}: {string.Join(", ", ledger.GroupBy(e => e.Kind).Select(g => $"{g.Key} {g.Count()}"))}");
    }

    [Fact]
    public async Task Layla_is_just_short_of_the_next_tier_and_Sam_is_warned_before_losing_his()
    {
        var layla = (await DemoCustomerAsync("layla@demo.local")).Summary;
        Assert.NotNull(layla.NextTier);
        Assert.True(layla.PointsToNextTier is >= 1 and <= 400, $"{layla.Tier.Tier} {layla.QualifyingPoints} to next {layla.PointsToNextTier}");

        var sam = (await DemoCustomerAsync("customer@demo.local")).Summary;
        Assert.True(sam.KeepTier is not null, $"{sam.Tier.Tier} {sam.QualifyingPoints}");
        Assert.Equal(sam.Tier.Tier, sam.KeepTier.Tier);
        Assert.True(sam.Pending > 0 && sam.Active > 0);
    }

    [Fact]
    public async Task The_full_demo_has_a_customer_base_so_segments_and_the_value_forecast_show_on_the_first_start()
    {
        var (id, _, _, _) = await DemoCustomerAsync("customer@demo.local");
        var shoppers = await factory.WithServiceAsync<int, PortalDbContext>(db => db.Users.CountAsync(u => u.Email!.EndsWith("@seed.local")));
        Assert.Equal(200, shoppers);

        var segment = await factory.WithServiceAsync<Portal.Core.Segments.CustomerScore?, PortalDbContext>(db =>
            db.Set<Portal.Core.Segments.CustomerScore>().SingleOrDefaultAsync(s => s.CustomerId == id));
        Assert.NotNull(segment);
        Assert.NotEqual(Portal.Core.Segments.Segment.New, segment.Segment);

        var forecast = await factory.WithServiceAsync<Portal.Core.Analytics.CustomerValueForecast?, Portal.Core.Analytics.CustomerValue>(v => v.ForecastAsync(id));
        Assert.NotNull(forecast);
        Assert.True(forecast.PredictedMinor > 0);
    }

    [Fact]
    public async Task Demo_customers_are_members_since_before_their_first_purchase()
    {
        foreach (var email in new[] { "customer@demo.local", "layla@demo.local" })
        {
            var (since, first) = await factory.WithServiceAsync<(DateTime, DateTime), PortalDbContext>(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.Email == email);
                var firstPurchase = await db.Set<Purchase>().Where(p => p.CustomerId == user.Id).MinAsync(p => p.OccurredAtUtc);
                return (user.MemberSinceUtc, firstPurchase);
            });
            Assert.True(since <= first, $"{email}: member since {since:u}, first purchase {first:u}");
            Assert.True(DateTime.UtcNow - since > TimeSpan.FromDays(500), $"{email}: member since {since:u} is not the 18 months of demo history");
        }
    }
}
