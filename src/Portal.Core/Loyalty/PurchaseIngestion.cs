using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Loyalty;

public sealed record PurchaseLineInput(string Category, int Quantity, long AmountMinor);

public sealed record PurchaseInput(
    string CustomerId,
    string OrderId,
    DateTime OccurredAtUtc,
    PurchaseChannel Channel,
    IReadOnlyList<PurchaseLineInput> Lines,
    string? OfferCode = null,
    string? Currency = null);

public enum PurchaseError
{
    InvalidCustomerId,
    UnknownCustomer,
    InvalidOrderId,
    NoLines,
    TooManyLines,
    InvalidLine,
    InvalidOccurredAt,
    WrongCurrency,
    InvalidOfferCode,
    /// <summary>The order id was already used for a different purchase.</summary>
    OrderIdConflict,
    OrderNotFound,
    InvalidRefundId,
    InvalidRefundAmount,
    RefundExceedsPurchase,
    /// <summary>Integration-key limits (fraud rules): above the amount or points cap.</summary>
    OverLimit,
    /// <summary>Dated further back than the fraud rules allow (it would skip the returns window).</summary>
    TooOld,
    /// <summary>A refund from a key other than the one that recorded the purchase.</summary>
    RefundFromOtherKey,
}

/// <summary>What every call about one order answers, first time or twentieth.</summary>
public sealed record PurchaseReceipt(
    string OrderId,
    string CustomerId,
    long TotalMinor,
    string Currency,
    long PointsEarned,
    DateTime PointsActiveFromUtc,
    long RefundedMinor,
    long PointsReversed,
    DateTime RecordedAtUtc,
    long DiscountMinor = 0,
    string? OfferOutcome = null);

public sealed record RefundReceipt(string OrderId, string RefundId, long AmountMinor, long PointsReversed, PurchaseReceipt Purchase);

public readonly record struct PurchaseOutcome<T>(T? Value, PurchaseError? Error, bool Repeated = false)
{
    public bool Succeeded => Error is null;
    public static PurchaseOutcome<T> Fail(PurchaseError error) => new(default, error);
}

public static class PurchaseRules
{
    public const int MaxOrderIdLength = 64;
    public const int MaxCategoryLength = 50;
    public const int MaxOfferCodeLength = 32;
    public const int MaxLines = 200;
    public const int MaxBatch = 1_000;
    public const long MaxLineAmountMinor = 100_000_000_00;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Visible ASCII without spaces: what tills put in order ids.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxOrderIdLength && id.All(c => c is > ' ' and <= '~');
}

/// <summary>
/// Purchases from shops and tills, and their refunds. The order id is the idempotency key: a purchase and its
/// points are written in one ledger transaction, so the same order sent twice (or twenty times at once) is
/// recorded once and every call gets the same receipt.
/// </summary>
public sealed class PurchaseIngestion(PointsLedger ledger, PortalDbContext db, TimeProvider clock, IPurchaseOffers? offers = null,
    Security.IPurchaseScreen? screen = null)
{
    private LoyaltyOptions Options => ledger.Options;

    public async Task<PurchaseOutcome<PurchaseReceipt>> RecordAsync(PurchaseInput input, long? integrationKeyId, CancellationToken ct = default)
    {
        if (Validate(input) is { } invalid) return PurchaseOutcome<PurchaseReceipt>.Fail(invalid);
        var number = CustomerNumber.Parse(input.CustomerId);
        var customerId = await db.Users.Where(u => u.CustomerNumber == number.Value).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (customerId is null) return PurchaseOutcome<PurchaseReceipt>.Fail(PurchaseError.UnknownCustomer);
        var hash = ContentHash(number.Value, input);
        var limits = integrationKeyId is not null && screen is not null ? screen.Limits : null;

        var result = await ledger.WriteAsync(customerId, async session =>
        {
            var existing = await db.Set<Purchase>().AsNoTracking().FirstOrDefaultAsync(p => p.OrderId == input.OrderId, ct);
            if (existing is not null)
            {
                return LedgerResult<PurchaseOutcome<PurchaseReceipt>>.Answer(existing.ContentHash == hash
                    ? new(await ReceiptAsync(existing, ct), null, Repeated: true)
                    : PurchaseOutcome<PurchaseReceipt>.Fail(PurchaseError.OrderIdConflict));
            }
            var (outcome, _) = await RecordNewAsync(session, input, customerId, number.Value, hash, integrationKeyId, limits, ct);
            return outcome.Succeeded
                ? LedgerResult<PurchaseOutcome<PurchaseReceipt>>.Ok(outcome)
                : LedgerResult<PurchaseOutcome<PurchaseReceipt>>.Answer(outcome);
        }, ct);
        if (result.Value.Error is PurchaseError.OverLimit or PurchaseError.TooOld && screen is not null)
            await screen.RefusedAsync(customerId, result.Value.Error.Value, integrationKeyId, input.OrderId, input.Lines.Sum(l => l.AmountMinor), ct);
        return result.Value;
    }

    /// <summary>
    /// Records a batch in one transaction, with exactly the outcome each purchase would have had sent one at a time
    /// in this order (<see cref="RecordAsync"/>): the same checks and fraud rules, the same ledger entries and events.
    /// A refused purchase is taken out alone; a repeat of an order earlier in the batch answers with its receipt.
    /// The customers, the order ids and the ledgers are read with a handful of queries for the whole batch.
    /// </summary>
    public async Task<IReadOnlyList<PurchaseOutcome<PurchaseReceipt>>> RecordBatchAsync(IReadOnlyList<PurchaseInput> inputs, long? integrationKeyId,
        CancellationToken ct = default)
    {
        var outcomes = new PurchaseOutcome<PurchaseReceipt>[inputs.Count];
        var valid = new List<int>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (Validate(inputs[i]) is { } invalid) outcomes[i] = PurchaseOutcome<PurchaseReceipt>.Fail(invalid);
            else valid.Add(i);
        }
        var numbers = valid.Select(i => CustomerNumber.Parse(inputs[i].CustomerId).Value).Distinct().ToList();
        var customers = numbers.Count == 0 ? []
            : await db.Users.AsNoTracking().Where(u => numbers.Contains(u.CustomerNumber))
                .Select(u => new { u.Id, u.CustomerNumber }).ToDictionaryAsync(u => u.CustomerNumber, u => u.Id, StringComparer.Ordinal, ct);
        var items = new List<(int Index, string CustomerId, string Number, string Hash)>(valid.Count);
        foreach (var i in valid)
        {
            var number = CustomerNumber.Parse(inputs[i].CustomerId).Value;
            if (customers.TryGetValue(number, out var customerId)) items.Add((i, customerId, number, ContentHash(number, inputs[i])));
            else outcomes[i] = PurchaseOutcome<PurchaseReceipt>.Fail(PurchaseError.UnknownCustomer);
        }
        if (items.Count == 0) return outcomes;

        var limits = integrationKeyId is not null && screen is not null ? screen.Limits : null;
        var refused = new List<(string CustomerId, PurchaseError Error, int Index)>();
        await ledger.WriteBatchAsync(items.Select(x => x.CustomerId).ToList(), async batch =>
        {
            refused.Clear();
            var orderIds = items.Select(x => inputs[x.Index].OrderId).Distinct().ToList();
            var existing = await (
                    from p in db.Set<Purchase>().AsNoTracking()
                    where orderIds.Contains(p.OrderId)
                    join u in db.Users on p.CustomerId equals u.Id
                    select new { Purchase = p, u.CustomerNumber })
                .ToDictionaryAsync(x => x.Purchase.OrderId, StringComparer.Ordinal, ct);
            var recorded = new Dictionary<string, (string Hash, PurchaseReceipt Receipt)>(StringComparer.Ordinal);
            var transaction = db.Database.CurrentTransaction!;
            foreach (var (index, customerId, number, hash) in items)
            {
                var input = inputs[index];
                if (existing.TryGetValue(input.OrderId, out var stored))
                {
                    outcomes[index] = stored.Purchase.ContentHash == hash
                        ? new(Receipt(stored.Purchase, stored.CustomerNumber), null, Repeated: true)
                        : PurchaseOutcome<PurchaseReceipt>.Fail(PurchaseError.OrderIdConflict);
                    continue;
                }
                if (recorded.TryGetValue(input.OrderId, out var earlier))
                {
                    outcomes[index] = earlier.Hash == hash
                        ? new(earlier.Receipt, null, Repeated: true)
                        : PurchaseOutcome<PurchaseReceipt>.Fail(PurchaseError.OrderIdConflict);
                    continue;
                }
                var session = batch[customerId];
                // Refusals that can be told before anything is added, so nothing has to be taken out of the context again
                // (taking rows out would also change the order in which EF Core inserts the rest, and so their ids).
                if (RefusedUpFront(session, input, limits) is { } early)
                {
                    outcomes[index] = PurchaseOutcome<PurchaseReceipt>.Fail(early);
                    refused.Add((customerId, early, index));
                    continue;
                }
                var mark = session.Begin();
                // An offer code is used with a statement of its own: a savepoint takes it back if the purchase is refused.
                var savepoint = offers is not null && !string.IsNullOrWhiteSpace(input.OfferCode);
                if (savepoint) await transaction.CreateSavepointAsync("purchase", ct);
                var (outcome, added) = await RecordNewAsync(session, input, customerId, number, hash, integrationKeyId, limits, ct);
                outcomes[index] = outcome;
                if (outcome.Succeeded)
                {
                    if (savepoint) await transaction.ReleaseSavepointAsync("purchase", ct);
                    session.Settle();
                    recorded[input.OrderId] = (hash, outcome.Value!);
                    continue;
                }
                session.Restore(mark);
                if (added is not null)
                {
                    foreach (var line in added.Lines) db.Entry(line).State = EntityState.Detached;
                    db.Entry(added).State = EntityState.Detached;
                }
                if (savepoint)
                {
                    await transaction.RollbackToSavepointAsync("purchase", ct);
                    await transaction.ReleaseSavepointAsync("purchase", ct);
                }
                if (outcome.Error is PurchaseError.OverLimit or PurchaseError.TooOld) refused.Add((customerId, outcome.Error.Value, index));
            }
            return true;
        }, ct);
        if (screen is not null)
            foreach (var (customerId, error, index) in refused)
                await screen.RefusedAsync(customerId, error, integrationKeyId, inputs[index].OrderId, inputs[index].Lines.Sum(l => l.AmountMinor), ct);
        return outcomes;
    }

    /// <summary>
    /// The fraud rules' refusals that do not depend on an offer code: too old, over the amount cap, or over the points
    /// cap at the customer's tier without a discount. Only a purchase whose offer code might bring its points under
    /// the cap is left to <see cref="RecordNewAsync"/> to decide.
    /// </summary>
    private PurchaseError? RefusedUpFront(LedgerSession session, PurchaseInput input, Security.FraudOptions? limits)
    {
        if (limits is null) return null;
        if (input.OccurredAtUtc < session.Now - limits.MaxPurchaseAge) return PurchaseError.TooOld;
        var total = input.Lines.Sum(l => l.AmountMinor);
        if (total > limits.MaxPurchaseAmountMinor) return PurchaseError.OverLimit;
        var mayBeDiscounted = offers is not null && !string.IsNullOrWhiteSpace(input.OfferCode);
        return !mayBeDiscounted && Options.PointsFor(total, session.TierAt(input.OccurredAtUtc).Multiplier) > limits.MaxPurchasePoints
            ? PurchaseError.OverLimit
            : null;
    }

    /// <summary>
    /// A new purchase in <paramref name="session"/>: its rows, points and events. Refused (too old, over the limits)
    /// it returns the error and the purchase it had added, for the caller to roll back.
    /// </summary>
    private async Task<(PurchaseOutcome<PurchaseReceipt> Outcome, Purchase? Added)> RecordNewAsync(LedgerSession session, PurchaseInput input,
        string customerId, string customerNumber, string hash, long? integrationKeyId, Security.FraudOptions? limits, CancellationToken ct)
    {
        // Checked after the repeat answer, so a purchase recorded before a limit changed still answers as before.
        if (limits is not null && input.OccurredAtUtc < session.Now - limits.MaxPurchaseAge)
            return (PurchaseOutcome<PurchaseReceipt>.Fail(PurchaseError.TooOld), null);
        var purchase = new Purchase
        {
            OrderId = input.OrderId,
            CustomerId = customerId,
            IntegrationKeyId = integrationKeyId,
            OccurredAtUtc = input.OccurredAtUtc,
            Channel = input.Channel,
            Currency = Options.Currency,
            OfferCode = string.IsNullOrWhiteSpace(input.OfferCode) ? null : input.OfferCode.Trim(),
            RecordedAtUtc = session.Now,
            ContentHash = hash,
            Lines = input.Lines.Select(l => new PurchaseLine { Category = l.Category.Trim(), Quantity = l.Quantity, AmountMinor = l.AmountMinor }).ToList(),
        };
        purchase.TotalMinor = purchase.Lines.Sum(l => l.AmountMinor);
        // Earned at the tier the customer had when they bought.
        var multiplier = session.TierAt(input.OccurredAtUtc).Multiplier;
        session.Add(purchase);
        if (purchase.OfferCode is not null && offers is not null) await offers.ApplyAsync(session, purchase, multiplier, ct);
        purchase.PointsEarned = Options.PointsFor(purchase.TotalMinor - purchase.DiscountMinor, multiplier);
        if (limits is not null && (purchase.TotalMinor > limits.MaxPurchaseAmountMinor || purchase.PointsEarned > limits.MaxPurchasePoints))
            return (PurchaseOutcome<PurchaseReceipt>.Fail(PurchaseError.OverLimit), purchase);
        session.Raise(() => new PurchaseRecorded(customerId, purchase.Id, purchase.OrderId, purchase.TotalMinor, purchase.Currency));
        var activeFrom = input.OccurredAtUtc.AddDays(Options.PendingDays);
        if (purchase.PointsEarned > 0)
            session.Credit(PointsEntryKind.Earn, purchase.PointsEarned, activeFrom, purchase.PointsEarned, input.OccurredAtUtc,
                "purchase:" + input.OrderId, "purchase:" + input.OrderId, purchase);
        return (new(Receipt(purchase, customerNumber), null), purchase);
    }

    /// <summary>A whole (no amount) or partial return: takes back the points in proportion to what was refunded.</summary>
    public async Task<PurchaseOutcome<RefundReceipt>> RefundAsync(string orderId, string refundId, long? amountMinor, CancellationToken ct = default,
        long? integrationKeyId = null)
    {
        if (!PurchaseRules.IsValidId(orderId)) return PurchaseOutcome<RefundReceipt>.Fail(PurchaseError.InvalidOrderId);
        if (!PurchaseRules.IsValidId(refundId)) return PurchaseOutcome<RefundReceipt>.Fail(PurchaseError.InvalidRefundId);
        if (amountMinor is <= 0) return PurchaseOutcome<RefundReceipt>.Fail(PurchaseError.InvalidRefundAmount);
        var customerId = await db.Set<Purchase>().Where(p => p.OrderId == orderId).Select(p => p.CustomerId).FirstOrDefaultAsync(ct);
        if (customerId is null) return PurchaseOutcome<RefundReceipt>.Fail(PurchaseError.OrderNotFound);

        var result = await ledger.WriteAsync(customerId, async session =>
        {
            var purchase = await db.Set<Purchase>().FirstAsync(p => p.OrderId == orderId, ct);
            var done = await db.Set<PurchaseRefund>().AsNoTracking().FirstOrDefaultAsync(r => r.PurchaseId == purchase.Id && r.RefundId == refundId, ct);
            if (done is not null)
            {
                return LedgerResult<PurchaseOutcome<RefundReceipt>>.Answer(
                    new(new RefundReceipt(orderId, refundId, done.AmountMinor, done.PointsReversed, await ReceiptAsync(purchase, ct)), null, Repeated: true));
            }
            // Only the system that recorded a purchase may refund it (fraud rules).
            if (screen is not null && integrationKeyId is not null && purchase.IntegrationKeyId is not null && purchase.IntegrationKeyId != integrationKeyId)
                return LedgerResult<PurchaseOutcome<RefundReceipt>>.Answer(PurchaseOutcome<RefundReceipt>.Fail(PurchaseError.RefundFromOtherKey));
            var amount = amountMinor ?? purchase.TotalMinor - purchase.RefundedMinor;
            if (amount <= 0 || purchase.RefundedMinor + amount > purchase.TotalMinor)
            {
                return LedgerResult<PurchaseOutcome<RefundReceipt>>.Answer(PurchaseOutcome<RefundReceipt>.Fail(PurchaseError.RefundExceedsPurchase));
            }
            purchase.RefundedMinor += amount;
            // Proportional and cumulative, so partial refunds that add up to the whole take back exactly what was earned.
            var reversedTotal = purchase.TotalMinor == 0 ? 0 : (long)((decimal)purchase.PointsEarned * purchase.RefundedMinor / purchase.TotalMinor);
            var reverse = reversedTotal - purchase.PointsReversed;
            purchase.PointsReversed = reversedTotal;
            if (reverse > 0)
                session.Reverse(reverse, purchase.Id, purchase.OccurredAtUtc, "refund:" + orderId, $"refund:{orderId}:{refundId}");
            db.Add(new PurchaseRefund { PurchaseId = purchase.Id, RefundId = refundId, AmountMinor = amount, PointsReversed = reverse, CreatedAtUtc = session.Now });
            session.Raise(() => new PurchaseRefunded(customerId, purchase.Id, refundId, amount));
            return LedgerResult<PurchaseOutcome<RefundReceipt>>.Ok(new(new RefundReceipt(orderId, refundId, amount, reverse, await ReceiptAsync(purchase, ct)), null));
        }, ct);
        if (result.Value.Error == PurchaseError.RefundFromOtherKey && screen is not null)
            await screen.RefusedAsync(customerId, PurchaseError.RefundFromOtherKey, integrationKeyId, orderId, amountMinor, ct);
        return result.Value;
    }

    public PurchaseError? Validate(PurchaseInput input)
    {
        if (!CustomerNumber.TryParse(input.CustomerId, out _)) return PurchaseError.InvalidCustomerId;
        if (!PurchaseRules.IsValidId(input.OrderId)) return PurchaseError.InvalidOrderId;
        if (input.Lines is null || input.Lines.Count == 0) return PurchaseError.NoLines;
        if (input.Lines.Count > PurchaseRules.MaxLines) return PurchaseError.TooManyLines;
        if (input.Lines.Any(l => l is null || string.IsNullOrWhiteSpace(l.Category) || l.Category.Trim().Length > PurchaseRules.MaxCategoryLength
                || l.Quantity is < 1 or > 100_000 || l.AmountMinor is < 0 or > PurchaseRules.MaxLineAmountMinor))
            return PurchaseError.InvalidLine;
        if (input.OccurredAtUtc > clock.GetUtcNow().UtcDateTime + PurchaseRules.ClockSkew || input.OccurredAtUtc.Year < 2000) return PurchaseError.InvalidOccurredAt;
        if (input.Currency is not null && !string.Equals(input.Currency, Options.Currency, StringComparison.OrdinalIgnoreCase)) return PurchaseError.WrongCurrency;
        if (input.OfferCode is { Length: > PurchaseRules.MaxOfferCodeLength }) return PurchaseError.InvalidOfferCode;
        return null;
    }

    private async Task<PurchaseReceipt> ReceiptAsync(Purchase purchase, CancellationToken ct)
    {
        var number = await db.Users.Where(u => u.Id == purchase.CustomerId).Select(u => u.CustomerNumber).FirstAsync(ct);
        return Receipt(purchase, number);
    }

    private PurchaseReceipt Receipt(Purchase p, string customerNumber) =>
        new(p.OrderId, customerNumber, p.TotalMinor, p.Currency, p.PointsEarned, p.OccurredAtUtc.AddDays(Options.PendingDays),
            p.RefundedMinor, p.PointsReversed, p.RecordedAtUtc, p.DiscountMinor, p.OfferOutcome);

    internal static string ContentHash(string customerNumber, PurchaseInput input)
    {
        var text = new StringBuilder().Append(customerNumber).Append('|').Append(input.OccurredAtUtc.Ticks).Append('|')
            .Append(input.Channel).Append('|').Append(input.OfferCode?.Trim()).Append('|');
        foreach (var line in input.Lines) text.Append(line.Category.Trim()).Append(';').Append(line.Quantity).Append(';').Append(line.AmountMinor).Append('|');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
