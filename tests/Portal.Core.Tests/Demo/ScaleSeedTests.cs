using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Demo;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Demo;

public class ScaleSeedTests
{
    private static readonly ScaleSeedOptions Small = new() { Customers = 50, Purchases = 1_000 };

    private static Task<ScaleSeedResult> SeedAsync(CoreDatabase db, ScaleSeedOptions options) =>
        db.UseAsync<ScaleSeed, ScaleSeedResult>(seed => seed.RunAsync(options));

    [Fact]
    public async Task Seeds_the_requested_customers_and_purchases_each_totalling_its_lines()
    {
        await using var db = await CoreDatabase.CreateAsync();

        var result = await SeedAsync(db, Small);

        Assert.Equal(50, await db.CountAsync<PortalUser>());
        Assert.Equal(1_000, await db.CountAsync<Purchase>());
        Assert.Equal(result.Lines, await db.CountAsync<PurchaseLine>());
        var purchases = await db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>().AsNoTracking().Include(p => p.Lines).ToListAsync());
        Assert.All(purchases, p =>
        {
            Assert.InRange(p.Lines.Count, 1, 4);
            Assert.Equal(p.TotalMinor, p.Lines.Sum(l => l.AmountMinor));
            Assert.InRange(p.RefundedMinor, 0, p.TotalMinor);
            Assert.Equal(0, p.PointsEarned);
            Assert.Equal("SAR", p.Currency);
            Assert.Equal(64, p.ContentHash.Length);
            Assert.True(p.OccurredAtUtc < db.UtcNow.Date);
        });
        Assert.Equal(1_000, purchases.Select(p => p.OrderId).Distinct().Count());
        var refunds = await db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PurchaseRefund>().AsNoTracking().ToListAsync());
        Assert.Equal(purchases.Sum(p => p.RefundedMinor), refunds.Sum(r => r.AmountMinor));
    }

    [Fact]
    public async Task Every_seeded_customer_is_a_valid_customer_who_signs_in_with_the_documented_password()
    {
        await using var db = await CoreDatabase.CreateAsync();
        await SeedAsync(db, Small);

        var emails = await db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Users.Select(u => u.Email!).ToListAsync());
        Assert.Contains(ScaleSeed.Bench200Email, emails);
        await db.UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            foreach (var email in emails.Take(10).Append(ScaleSeed.Bench200Email))
            {
                var user = await users.FindByEmailAsync(email);
                Assert.NotNull(user);
                Assert.True(await users.CheckPasswordAsync(user, ScaleSeed.Password));
                Assert.False(await users.CheckPasswordAsync(user, "not-the-password"));
                Assert.Equal([Roles.Customer], await users.GetRolesAsync(user));
                Assert.True(CustomerNumber.TryParse(user.CustomerNumber, out _));
                Assert.True(user.EmailConfirmed);
                Assert.False(string.IsNullOrEmpty(user.SecurityStamp));
                Assert.Contains(user.PreferredLanguage, Languages.All);
                Assert.NotNull(user.BirthDate);
                Assert.InRange(user.MemberSinceUtc, db.UtcNow.Date.AddYears(-3).AddDays(-1), db.UtcNow.Date);
            }
            return 0;
        });
    }

    [Fact]
    public async Task The_mix_has_heavy_regular_lapsed_one_off_and_idle_customers_and_one_with_exactly_200_purchases()
    {
        await using var db = await CoreDatabase.CreateAsync();

        var result = await SeedAsync(db, Small);

        Assert.All(Enum.GetValues<BuyerKind>(), kind => Assert.True(result.Mix.GetValueOrDefault(kind) > 0, $"no {kind} customer"));
        var perCustomer = await db.UseAsync(sp =>
        {
            var data = sp.GetRequiredService<PortalDbContext>();
            return data.Users.Select(u => new
            {
                u.Email,
                Count = data.Set<Purchase>().Count(p => p.CustomerId == u.Id),
                Last = data.Set<Purchase>().Where(p => p.CustomerId == u.Id).Max(p => (DateTime?)p.OccurredAtUtc),
            }).ToListAsync();
        });
        Assert.Equal(200, perCustomer.Single(c => c.Email == ScaleSeed.Bench200Email).Count);
        Assert.Equal(result.Mix[BuyerKind.NoPurchases], perCustomer.Count(c => c.Count == 0));
        Assert.True(perCustomer.Count(c => c.Count == 1) >= result.Mix[BuyerKind.OneOff]);
        // Lapsed customers stopped at least 100 days ago.
        Assert.True(perCustomer.Count(c => c.Count > 1 && c.Last < db.UtcNow.AddDays(-100)) >= result.Mix[BuyerKind.Lapsed]);
        Assert.Equal(["Beauty", "Coffee", "Electronics", "Fashion", "Grocery", "Home", "Pharmacy", "Toys"],
            await db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PurchaseLine>().Select(l => l.Category).Distinct().OrderBy(c => c).ToListAsync()));
    }

    [Fact]
    public async Task The_same_seed_and_day_give_the_same_purchases()
    {
        var options = Small with { AsOf = new DateOnly(2026, 6, 1) };
        await using var first = await CoreDatabase.CreateAsync();
        await using var second = await CoreDatabase.CreateAsync();

        await SeedAsync(first, options);
        await SeedAsync(second, options);

        static Task<List<string>> Rows(CoreDatabase db) => db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>()
            .OrderBy(p => p.Id).Select(p => p.OrderId + p.CustomerId + p.OccurredAtUtc + p.TotalMinor + p.ContentHash).ToListAsync());
        Assert.Equal(await Rows(first), await Rows(second));
    }

    [Fact]
    public async Task A_second_seed_is_refused_unless_forced_and_then_replaces_the_first()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var first = await SeedAsync(db, Small);

        await Assert.ThrowsAsync<ScaleSeedRefusedException>(() => SeedAsync(db, Small));
        var again = await SeedAsync(db, Small with { Force = true });

        Assert.Equal(50, again.RemovedEarlierSeed);
        // The same customers and purchases again: the removed seed's customer numbers do not steer the new one.
        Assert.Equal((first.Lines, first.Refunds), (again.Lines, again.Refunds));
        Assert.Equal(50, await db.CountAsync<PortalUser>());
        Assert.Equal(1_000, await db.CountAsync<Purchase>());
    }

    [Fact]
    public async Task A_database_with_real_customers_is_refused_and_left_unchanged()
    {
        await using var db = await CoreDatabase.CreateAsync();
        await db.AddPersonAsync("Real Person", "real@example.com");

        await Assert.ThrowsAsync<ScaleSeedRefusedException>(() => SeedAsync(db, Small));

        Assert.Equal(1, await db.CountAsync<PortalUser>());
        Assert.Equal(0, await db.CountAsync<Purchase>());
    }
}
