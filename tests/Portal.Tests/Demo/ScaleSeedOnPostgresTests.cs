using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Demo;
using Portal.Core.Loyalty;
using Portal.Tests.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Demo;

/// <summary>The <c>seed</c> command's data on PostgreSQL (binary COPY) is the data it writes to SQLite (prepared INSERTs).</summary>
public class ScaleSeedOnPostgresTests(PostgresPortalFactory postgres, PortalFactory sqlite) : IClassFixture<PostgresPortalFactory>, IClassFixture<PortalFactory>
{
    private static readonly ScaleSeedOptions Small = new() { Customers = 200, Purchases = 2_000, AsOf = new DateOnly(2026, 6, 1) };

    private static async Task<ScaleSeedResult> SeedAsync(PortalFactory factory, ScaleSeedOptions options)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScaleSeed>().RunAsync(options);
    }

    private sealed record Snapshot(List<string> Customers, List<string> PerCustomer, List<string> Purchases, List<string> Lines, List<string> Refunds);

    // Every property, times to the tick (ToString would drop the fraction of a second).
    private static string Row(object row) => string.Join('|', row.GetType().GetProperties().Select(p => p.GetValue(row) switch
    {
        DateTime time => time.Ticks.ToString(CultureInfo.InvariantCulture),
        var value => Convert.ToString(value, CultureInfo.InvariantCulture),
    }));

    private static async Task<Snapshot> ReadAsync(PortalFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var seeded = db.Set<Purchase>().Where(p => p.OrderId.StartsWith(ScaleSeed.OrderIdPrefix));
        var customers = (await db.Users.Where(u => u.NormalizedEmail!.EndsWith("@SEED.LOCAL"))
                .Select(u => new { u.Id, u.Email, u.CustomerNumber, u.DisplayName, u.PhoneNumber, u.BirthDate, u.PreferredLanguage, u.MemberSinceUtc,
                    u.SecurityStamp, u.EmailConfirmed, Roles = db.UserRoles.Count(r => r.UserId == u.Id) })
                .ToListAsync()).OrderBy(c => c.Id, StringComparer.Ordinal).Select(Row).ToList();
        // Ordered here: the two databases collate text differently.
        var perCustomer = (await seeded.GroupBy(p => p.CustomerId)
                .Select(g => new { g.Key, Count = g.Count(), Total = g.Sum(p => p.TotalMinor), Refunded = g.Sum(p => p.RefundedMinor) })
                .ToListAsync()).OrderBy(c => c.Key, StringComparer.Ordinal).Select(Row).ToList();
        var purchases = (await seeded
                .Select(p => new { p.OrderId, p.CustomerId, p.OccurredAtUtc, p.Channel, p.TotalMinor, p.RefundedMinor, p.Currency, p.RecordedAtUtc, p.ContentHash })
                .ToListAsync()).OrderBy(p => p.OrderId, StringComparer.Ordinal).Select(Row).ToList();
        var lines = (await db.Set<PurchaseLine>().Join(seeded, l => l.PurchaseId, p => p.Id, (l, p) => new { p.OrderId, l.Id, l.Category, l.Quantity, l.AmountMinor }).ToListAsync())
            .OrderBy(l => l.OrderId, StringComparer.Ordinal).ThenBy(l => l.Id).Select(l => $"{l.OrderId} {l.Category} {l.Quantity} {l.AmountMinor}").ToList();
        var refunds = (await db.Set<PurchaseRefund>().Where(r => r.RefundId.StartsWith(ScaleSeed.OrderIdPrefix))
                .Join(seeded, r => r.PurchaseId, p => p.Id, (r, p) => new { r.RefundId, p.OrderId, r.AmountMinor, r.CreatedAtUtc })
                .ToListAsync()).OrderBy(r => r.RefundId, StringComparer.Ordinal).Select(Row).ToList();
        return new Snapshot(customers, perCustomer, purchases, lines, refunds);
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_rows_to_PostgreSQL_as_to_SQLite_and_its_customers_sign_in_there()
    {
        var onPostgres = await SeedAsync(postgres, Small);
        var onSqlite = await SeedAsync(sqlite, Small);

        Assert.Equal((onSqlite.Customers, onSqlite.Purchases, onSqlite.Lines, onSqlite.Refunds),
            (onPostgres.Customers, onPostgres.Purchases, onPostgres.Lines, onPostgres.Refunds));
        var expected = await ReadAsync(sqlite);
        var actual = await ReadAsync(postgres);
        Assert.Equal(200, actual.Customers.Count);
        Assert.Equal(2_000, actual.Purchases.Count);
        Assert.NotEmpty(actual.Refunds);
        Assert.Equal(expected.Customers, actual.Customers);
        Assert.Equal(expected.PerCustomer, actual.PerCustomer);
        Assert.Equal(expected.Purchases, actual.Purchases);
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected.Refunds, actual.Refunds);

        await Assert.ThrowsAsync<ScaleSeedRefusedException>(() => SeedAsync(postgres, Small));
        using var client = postgres.NewClient();
        await client.SignInAsync(ScaleSeed.Bench200Email, ScaleSeed.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/loyalty")).StatusCode);

        // The rows came with their ids: the identity sequences continue after them.
        await using var scope = postgres.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var bench = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(ScaleSeed.Bench200Email);
        var purchase = new Purchase
        {
            OrderId = "AFTER-SEED-1", CustomerId = bench!.Id, OccurredAtUtc = DateTime.UtcNow, Currency = "SAR", TotalMinor = 500,
            RecordedAtUtc = DateTime.UtcNow, ContentHash = new string('0', 64),
            Lines = [new PurchaseLine { Category = "Coffee", Quantity = 1, AmountMinor = 500 }],
        };
        db.Add(purchase);
        await db.SaveChangesAsync();
        var refund = new PurchaseRefund { PurchaseId = purchase.Id, RefundId = "AFTER-SEED-R", AmountMinor = 100, CreatedAtUtc = DateTime.UtcNow };
        db.Add(refund);
        await db.SaveChangesAsync();
        Assert.Equal(200, await db.Set<Purchase>().CountAsync(p => p.CustomerId == bench.Id && p.OrderId.StartsWith(ScaleSeed.OrderIdPrefix)));
        Assert.True(refund.Id > await db.Set<PurchaseRefund>().Where(r => r.RefundId.StartsWith(ScaleSeed.OrderIdPrefix)).MaxAsync(r => r.Id));
    }
}
