using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Security;

namespace Portal.Core.Tests.Loyalty;

/// <summary>A batch is recorded in one transaction, with the outcome each purchase would have had on its own.</summary>
public class PurchaseBatchTests
{
    private const long KeyId = 7;

    private sealed record Buy(int Customer, string OrderId, long AmountMinor, TimeSpan Ago);

    private static PurchaseInput Input(IReadOnlyList<string> numbers, Buy buy, DateTime now) =>
        new(buy.Customer < 0 ? "123" : buy.Customer >= numbers.Count ? UnknownNumber : numbers[buy.Customer], buy.OrderId, now - buy.Ago,
            PurchaseChannel.Store, [new PurchaseLineInput("Grocery", 1, buy.AmountMinor), new PurchaseLineInput("Coffee", 2, 1_500)]);

    private static readonly string UnknownNumber = CustomerNumber.NewRandom().Value;

    private static Task<IReadOnlyList<PurchaseOutcome<PurchaseReceipt>>> RecordBatchAsync(LoyaltyKit kit, IReadOnlyList<PurchaseInput> inputs, long? keyId = KeyId) =>
        kit.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RecordBatchAsync(inputs, keyId));

    private static Task<PurchaseOutcome<PurchaseReceipt>> RecordAsync(LoyaltyKit kit, PurchaseInput input) =>
        kit.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RecordAsync(input, KeyId));

    /// <summary>Three customers; the third has points from 13 months ago that are due to expire at its next write.</summary>
    private static async Task<(List<string> Ids, List<string> Numbers)> CustomersAsync(LoyaltyKit kit)
    {
        var ids = new List<string>();
        var numbers = new List<string>();
        foreach (var name in new[] { "Sara", "Omar", "Mona" })
        {
            var (id, number) = await kit.AddCustomerAsync(name);
            ids.Add(id);
            numbers.Add(number);
        }
        await kit.BuyAsync(numbers[2], 30_000, kit.Now.AddMonths(-13), "OLD-1");
        return (ids, numbers);
    }

    // Good ones, a repeat and a reused order id, a tier crossed twice, every kind of refusal in between.
    private static readonly Buy[] Mixed =
    [
        new(0, "A-1", 50_000, TimeSpan.FromHours(2)),
        new(1, "A-2", 120_000, TimeSpan.FromHours(1)),
        new(2, "A-3", 6_000_000, TimeSpan.FromMinutes(50)), // over the integration cap
        new(0, "A-4", 60_000, TimeSpan.FromMinutes(30)),
        new(0, "A-1", 50_000, TimeSpan.FromHours(2)), // the same order again
        new(1, "A-2", 99_000, TimeSpan.FromHours(1)), // the same order id, other content
        new(-1, "A-5", 1_000, TimeSpan.FromMinutes(20)), // a Customer ID with a wrong check digit
        new(3, "A-6", 1_000, TimeSpan.FromMinutes(20)), // nobody's Customer ID
        new(1, "A-7", 2_000, TimeSpan.FromDays(10)), // dated too far back
        new(2, "A-8", 1_000, TimeSpan.FromMinutes(10)),
        new(1, "A-9", 500_000, TimeSpan.FromMinutes(5)),
    ];

    private sealed record EntryFacts(PointsEntryKind Kind, long Points, DateTime CreatedAtUtc, DateTime? ActiveFromUtc, DateTime? ExpiresAtUtc,
        long QualifyingPoints, DateTime QualifyingAtUtc, string SourceRef, string IdempotencyKey);

    // By idempotency key: EF Core inserts rows without references (bonuses) before those with one (a purchase's
    // points) within each SaveChanges, so ids come in a different order, one by one as in a batch.
    private static async Task<List<List<EntryFacts>>> LedgersAsync(LoyaltyKit kit, List<string> ids)
    {
        var ledgers = new List<List<EntryFacts>>();
        foreach (var id in ids)
            ledgers.Add((await kit.LedgerAsync(id)).Select(e => new EntryFacts(e.Kind, e.Points, e.CreatedAtUtc, e.ActiveFromUtc, e.ExpiresAtUtc,
                e.QualifyingPoints, e.QualifyingAtUtc, e.SourceRef, e.IdempotencyKey)).OrderBy(e => e.IdempotencyKey, StringComparer.Ordinal).ToList());
        return ledgers;
    }

    private static Task<List<object>> AccountsAsync(LoyaltyKit kit, List<string> ids) =>
        kit.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var accounts = new List<object>();
            foreach (var id in ids)
                accounts.Add(await db.Set<PointsAccount>().AsNoTracking().Where(a => a.CustomerId == id)
                    .Select(a => new { a.Active, a.Pending, a.QualifyingPoints, a.Tier, a.TierSinceUtc, a.BonusTierReached }).FirstOrDefaultAsync() as object ?? "none");
            return accounts;
        });

    private static Task<List<string>> EventTypesAsync(LoyaltyKit kit) =>
        kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).Select(m => m.Type).ToListAsync());

    private static Task<List<(AlertKind, string?)>> AlertsAsync(LoyaltyKit kit) =>
        kit.UseAsync(async sp => (await sp.GetRequiredService<PortalDbContext>().Set<SecurityAlert>().AsNoTracking().OrderBy(a => a.Id).ToListAsync())
            .Select(a => (a.Kind, a.OrderId)).ToList());

    private static object Shown(PurchaseOutcome<PurchaseReceipt> o) => (o.Value is { } r ? r with { CustomerId = "" } : null, o.Error, o.Repeated);

    [Fact]
    public async Task A_batch_gives_the_same_outcomes_ledger_accounts_events_and_alerts_as_the_same_purchases_one_by_one()
    {
        await using var single = await LoyaltyKit.CreateAsync();
        await using var batched = await LoyaltyKit.CreateAsync();
        var (singleIds, singleNumbers) = await CustomersAsync(single);
        var (batchIds, batchNumbers) = await CustomersAsync(batched);

        var oneByOne = new List<PurchaseOutcome<PurchaseReceipt>>();
        foreach (var buy in Mixed) oneByOne.Add(await RecordAsync(single, Input(singleNumbers, buy, single.Now)));
        var batch = await RecordBatchAsync(batched, Mixed.Select(b => Input(batchNumbers, b, batched.Now)).ToList());

        Assert.Equal(
            [null, null, PurchaseError.OverLimit, null, null, PurchaseError.OrderIdConflict, PurchaseError.InvalidCustomerId,
                PurchaseError.UnknownCustomer, PurchaseError.TooOld, null, null],
            batch.Select(o => o.Error));
        Assert.Equal(oneByOne.Select(Shown), batch.Select(Shown));
        var ledgers = await LedgersAsync(batched, batchIds);
        Assert.Equal(await LedgersAsync(single, singleIds), ledgers);
        // The second customer reached Silver and Gold within the batch: the entry bonuses, once each.
        Assert.Equal(["purchase:A-2", "purchase:A-9", "tier:Gold", "tier:Silver"], ledgers[1].Select(e => e.SourceRef));
        Assert.Contains(ledgers[2], e => e.Kind == PointsEntryKind.Expire);
        Assert.Equal(await AccountsAsync(single, singleIds), await AccountsAsync(batched, batchIds));
        // The ledger's events in the same order; the alerts for refused purchases come after the batch's commit.
        var (singleEvents, batchEvents) = (await EventTypesAsync(single), await EventTypesAsync(batched));
        Assert.Equal(singleEvents.Where(t => t != nameof(SecurityAlertRaised)), batchEvents.Where(t => t != nameof(SecurityAlertRaised)));
        Assert.Equal([2, 2], new[] { singleEvents, batchEvents }.Select(events => events.Count(t => t == nameof(SecurityAlertRaised))));
        Assert.Equal([(AlertKind.PurchaseOverCap, "A-3"), (AlertKind.PurchaseBackdated, "A-7")], await AlertsAsync(batched));
        Assert.Equal(await AlertsAsync(single), await AlertsAsync(batched));
    }

    [Fact]
    public async Task A_refused_purchase_in_the_middle_is_refused_alone()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        Buy[] buys = [new(0, "M-1", 10_000, TimeSpan.FromMinutes(3)), new(0, "M-2", 6_000_000, TimeSpan.FromMinutes(2)), new(0, "M-3", 20_000, TimeSpan.FromMinutes(1))];

        var outcomes = await RecordBatchAsync(kit, buys.Select(b => Input([number], b, kit.Now)).ToList());

        Assert.Equal([null, PurchaseError.OverLimit, null], outcomes.Select(o => o.Error));
        Assert.Equal(2, await kit.CountAsync<Purchase>());
        Assert.Equal(["purchase:M-1", "purchase:M-3"], (await kit.LedgerAsync(id)).Select(e => e.SourceRef));
        Assert.Equal(115 + 215, (await kit.SummaryAsync(id)).Pending);
    }

    [Fact]
    public async Task Repeats_within_a_batch_and_two_batches_racing_over_the_same_orders_record_each_order_once()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (first, firstNumber) = await kit.AddCustomerAsync("Sara");
        var (second, secondNumber) = await kit.AddCustomerAsync("Omar");
        string[] numbers = [firstNumber, secondNumber];
        // The same order always has the same content, whichever batch sends it.
        PurchaseInput Order(int n) => Input(numbers, new Buy(n % 2, $"R-{n}", 1_000 * n, TimeSpan.FromMinutes(n)), kit.Now);
        var one = Enumerable.Range(1, 40).Append(5).Append(17).Select(Order).ToList();
        var two = Enumerable.Range(21, 40).Append(30).Select(Order).ToList();

        var results = await Task.WhenAll(Task.Run(() => RecordBatchAsync(kit, one)), Task.Run(() => RecordBatchAsync(kit, two)));

        var all = results.SelectMany(r => r).ToList();
        Assert.All(all, o => Assert.True(o.Succeeded));
        Assert.Equal(Enumerable.Range(1, 60).Select(n => $"R-{n}"), all.Where(o => !o.Repeated).Select(o => o.Value!.OrderId).OrderBy(o => int.Parse(o[2..])));
        Assert.Equal(60, await kit.CountAsync<Purchase>());
        var entries = (await kit.LedgerAsync(first)).Concat(await kit.LedgerAsync(second)).ToList();
        Assert.Equal(60, entries.Count(e => e.Kind == PointsEntryKind.Earn));
        Assert.Equal(60, entries.Where(e => e.Kind == PointsEntryKind.Earn).Select(e => e.SourceRef).Distinct().Count());
        Assert.Equal(60, (await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking()
            .CountAsync(m => m.Type == nameof(PurchaseRecorded)))));
    }
}
