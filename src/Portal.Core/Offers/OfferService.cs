using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Segments;

namespace Portal.Core.Offers;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<OfferError>))]
public enum OfferError { NotFound, NotForYou, Ended, LimitReached, BudgetExhausted }

/// <summary>An offer as one customer sees it: its rank, why it was picked, the code they hold and what is left for them.</summary>
public sealed record PersonalOffer(RankedOffer Ranked, OfferActivation? Code, int Used, bool CanActivate)
{
    public Offer Offer => Ranked.Offer;
}

public sealed record ActivationOutcome(OfferActivation? Activation, OfferError? Error, bool Repeated = false)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Personalized offers and their single-use codes. Activation holds the per-customer limit and the total budget
/// under racing requests: the offer's counter is raised by a conditional UPDATE that also takes the write lock
/// (SQLite: BEGIN IMMEDIATE; PostgreSQL: the row lock), and each code takes a numbered slot unique per offer and customer.
/// </summary>
public sealed class OfferService(PortalDbContext db, TimeProvider clock, Outbox outbox, Security.IRedemptionScreen? screen = null,
    OfferPageCache? pages = null) : IPurchaseOffers, Security.IHeldItems
{
    private const int FactsMonths = 12;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // /offers (and the staff panel and the API) read these on every visit: compiled once, so EF skips building the
    // query, evaluating its parameters and looking it up in its cache on each request.
    private sealed record CategoryRow(string Category, long Spend, DateTime Last);

    private static readonly CompiledPerModel<Func<PortalDbContext, string, DateTime, IAsyncEnumerable<CategoryRow>>> SpendByCategory = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, DateTime since) => db.Set<PurchaseLine>()
            .Join(db.Set<Purchase>(), l => l.PurchaseId, p => p.Id, (l, p) => new { l.Category, l.AmountMinor, p.CustomerId, p.OccurredAtUtc })
            .Where(x => x.CustomerId == customerId && x.OccurredAtUtc >= since)
            .GroupBy(x => x.Category)
            .Select(g => new CategoryRow(g.Key, g.Sum(x => x.AmountMinor), g.Max(x => x.OccurredAtUtc)))));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<Segment?>>> SegmentOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) =>
            db.Set<CustomerScore>().Where(s => s.CustomerId == customerId).Select(s => (Segment?)s.Segment).FirstOrDefault()));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<Tier?>>> TierOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) =>
            db.Set<PointsAccount>().Where(a => a.CustomerId == customerId).Select(a => (Tier?)a.Tier).FirstOrDefault()));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, DateTime, IAsyncEnumerable<long>>> NoticedUnused = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, DateTime ignoredBefore) => db.Set<OfferNotice>()
            .Where(n => n.CustomerId == customerId && n.NoticedAtUtc <= ignoredBefore
                && !db.Set<OfferActivation>().Any(a => a.CustomerId == customerId && a.OfferId == n.OfferId))
            .Select(n => n.OfferId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<long>>> ExpiredUnused = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId) => db.Set<OfferActivation>()
            .Where(a => a.CustomerId == customerId && a.Status == ActivationStatus.Expired).Select(a => a.OfferId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, DateTime, IAsyncEnumerable<Offer>>> LiveOffers = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, DateTime now) => db.Set<Offer>().AsNoTracking()
            .Where(o => o.Status == OfferStatus.Published && o.ValidFromUtc <= now && o.ValidUntilUtc > now)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<OfferActivation>>> CodesOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId) => db.Set<OfferActivation>().AsNoTracking().Where(a => a.CustomerId == customerId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, long?, int, IAsyncEnumerable<OfferActivation>>> HistoryOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, long? before, int take) => db.Set<OfferActivation>().AsNoTracking().Include(a => a.Offer)
            .Where(a => a.CustomerId == customerId && (before == null || a.Id < before)).OrderByDescending(a => a.Id).Take(take)));

    private bool IsPostgres => db.Database.ProviderName?.Contains("Npgsql") == true;

    public async Task<CustomerFacts> FactsAsync(string customerId, CancellationToken ct = default)
    {
        var now = Now;
        var since = now.AddMonths(-FactsMonths);
        var rows = await SpendByCategory.For(db)(db, customerId, since).ToListAsync(ct);
        var categories = new Dictionary<string, CategorySpend>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in rows)
        {
            categories[r.Category] = categories.TryGetValue(r.Category, out var seen)
                ? new CategorySpend(seen.SpendMinor + r.Spend, seen.LastPurchaseUtc > r.Last ? seen.LastPurchaseUtc : r.Last)
                : new CategorySpend(r.Spend, r.Last);
        }
        var segment = await SegmentOf.For(db)(db, customerId, ct) ?? Segment.New;
        var tier = await TierOf.For(db)(db, customerId, ct) ?? Tier.Bronze;
        var noticedUnused = await NoticedUnused.For(db)(db, customerId, now.AddDays(-OfferRanking.IgnoredAfterDays)).ToListAsync(ct);
        var expiredUnused = await ExpiredUnused.For(db)(db, customerId).ToListAsync(ct);
        return new CustomerFacts(segment, tier, categories.Values.Sum(c => c.SpendMinor), categories, noticedUnused.Concat(expiredUnused).ToHashSet());
    }

    /// <summary>
    /// What /offers shows: <see cref="PersonalizedAsync"/> and <see cref="HistoryAsync(string, int, CancellationToken)"/>,
    /// computed again only when their stamp changes. The stamp is one read of everything they depend on (the customer's
    /// purchases, segment, tier, codes and notices; every offer's revision and codes given) and the minute, so windows
    /// and countdowns move on. Each instance reads the stamp from the database, so a change made anywhere shows on the
    /// next request.
    /// </summary>
    public async Task<OfferPage> PageAsync(string customerId, CancellationToken ct = default)
    {
        var minute = clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute;
        var stamp = await HotReads.StampAsync(db, PageStampSql, ct, ("@customerId", customerId)) + "|" + minute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = Now;
        if (pages is not null && pages.Entries.TryGetValue(customerId, out OfferPageCache.Kept? kept) && kept!.Page.Version == stamp && now < kept.FreshUntilUtc)
            return kept.Page;
        var offers = await PersonalizedAsync(customerId, ct);
        var history = await HistoryAsync(customerId, ct: ct);
        if (pages is not null)
        {
            offers = offers.Select(o => o with { Ranked = o.Ranked with { Offer = pages.Shared(o.Offer) } }).ToList();
            foreach (var a in history) a.Offer = pages.Shared(a.Offer);
        }
        var page = new OfferPage(offers, history, stamp);
        // An offer or a code that ends inside the minute ends on the page at that moment, not at the next minute.
        var freshUntil = page.Offers.Select(o => o.Offer.ValidUntilUtc)
            .Concat(page.Offers.Where(o => o.Code is not null).Select(o => o.Code!.ExpiresAtUtc))
            .Concat(page.History.Select(a => a.ExpiresAtUtc))
            .Where(t => t > now).DefaultIfEmpty(DateTime.MaxValue).Min();
        pages?.Entries.Set(customerId, new OfferPageCache.Kept(page, freshUntil),
            new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return page;
    }

    // Codes only move forward (held, then ready, then used, expired or cancelled), so the sum of their steps grows
    // with every change; offers are never deleted and each staff change raises Revision.
    private const string PageStampSql = """
        SELECT p.c, p.m, p.r, a.c, a.m, a.s, n.c, n.m, o.c, o.v, o.i,
            (SELECT s."Segment" FROM "CustomerScore" s WHERE s."CustomerId" = @customerId),
            (SELECT t."Tier" FROM "PointsAccount" t WHERE t."CustomerId" = @customerId)
        FROM (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(MAX("Id"), 0) AS BIGINT) AS m, CAST(COALESCE(SUM("RefundedMinor"), 0) AS BIGINT) AS r
                FROM "Purchase" WHERE "CustomerId" = @customerId) p,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(MAX("Id"), 0) AS BIGINT) AS m,
                CAST(COALESCE(SUM(CASE "Status" WHEN 'Held' THEN 0 WHEN 'Activated' THEN 1 ELSE 2 END), 0) AS BIGINT) AS s
                FROM "OfferActivation" WHERE "CustomerId" = @customerId) a,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(MAX("Id"), 0) AS BIGINT) AS m FROM "OfferNotice" WHERE "CustomerId" = @customerId) n,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(SUM("Revision"), 0) AS BIGINT) AS v, CAST(COALESCE(SUM("Issued"), 0) AS BIGINT) AS i FROM "Offer") o
        """;

    /// <summary>Live offers aimed at the customer, best first; an offer whose budget or limit is used up stays only while they hold a code for it.</summary>
    public async Task<IReadOnlyList<PersonalOffer>> PersonalizedAsync(string customerId, CancellationToken ct = default)
    {
        var now = Now;
        var facts = await FactsAsync(customerId, ct);
        var live = await LiveOffers.For(db)(db, now).ToListAsync(ct);
        var mine = await CodesOf.For(db)(db, customerId).ToListAsync(ct);
        var result = new List<PersonalOffer>();
        foreach (var ranked in OfferRanking.Rank(live.Where(o => o.Targets(facts.Segment, facts.Tier)), facts, now))
        {
            var codes = mine.Where(a => a.OfferId == ranked.Offer.Id).ToList();
            codes.RemoveAll(a => a.Status == ActivationStatus.Cancelled);
            var held = codes.Where(a => a.Status == ActivationStatus.Held || a.Status == ActivationStatus.Activated && a.ExpiresAtUtc > now)
                .OrderByDescending(a => a.Id).FirstOrDefault();
            var can = codes.Count < ranked.Offer.PerCustomerLimit && ranked.Offer.BudgetLeft;
            if (held is null && !can) continue;
            result.Add(new PersonalOffer(ranked, held, codes.Count, can));
        }
        return result;
    }

    /// <summary>
    /// Gives the customer a single-use code for the offer, once per <paramref name="requestKey"/> (a repeat returns the
    /// same code). Of 20 racing activations on an offer with one code left, exactly one succeeds.
    /// </summary>
    public Task<ActivationOutcome> ActivateAsync(string customerId, long offerId, string requestKey, CancellationToken ct = default) =>
        ActivateAsync(customerId, offerId, requestKey, screened: false, ct);

    /// <param name="screened">The security hold was already decided (a special-date claim, or its release): do not hold again.</param>
    internal async Task<ActivationOutcome> ActivateAsync(string customerId, long offerId, string requestKey, bool screened, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(requestKey) || requestKey.Length > OfferRules.MaxRequestKeyLength)
            throw new ArgumentException("A request key of 1–100 characters is required.", nameof(requestKey));
        var now = Now;
        if (await ByRequestKeyAsync(customerId, requestKey, ct) is { } done) return new(done, null, Repeated: true);
        var offer = await db.Set<Offer>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId && o.Status == OfferStatus.Published, ct);
        if (offer is null) return new(null, OfferError.NotFound);
        if (!offer.IsLiveAt(now)) return new(null, OfferError.Ended);
        var facts = await FactsAsync(customerId, ct);
        if (!offer.Targets(facts.Segment, facts.Tier)) return new(null, OfferError.NotForYou);
        // Within the hold window after a sensitive change the code is given (its slot and budget reserved) but withheld.
        var hold = !screened && screen is not null && await screen.RecentlyChangedAsync(customerId, now, ct);

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            // Serializable makes Microsoft.Data.Sqlite start with BEGIN IMMEDIATE; on PostgreSQL the UPDATE's row lock serialises racers.
            await using var tx = await db.Database.BeginTransactionAsync(IsPostgres ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable, ct);
            try
            {
                var taken = await db.Set<Offer>()
                    .Where(o => o.Id == offerId && o.Status == OfferStatus.Published && o.ValidUntilUtc > now && (o.TotalBudget == null || o.Issued < o.TotalBudget))
                    .ExecuteUpdateAsync(u => u.SetProperty(o => o.Issued, o => o.Issued + 1), ct);
                if (taken == 0)
                {
                    await tx.RollbackAsync(ct);
                    return new(null, OfferError.BudgetExhausted);
                }
                if (await ByRequestKeyAsync(customerId, requestKey, ct) is { } twin)
                {
                    await tx.RollbackAsync(ct);
                    return new(twin, null, Repeated: true);
                }
                var mine = db.Set<OfferActivation>().Where(a => a.OfferId == offerId && a.CustomerId == customerId);
                var used = await mine.CountAsync(a => a.Status != ActivationStatus.Cancelled, ct);
                if (used >= offer.PerCustomerLimit)
                {
                    await tx.RollbackAsync(ct);
                    return new(null, OfferError.LimitReached);
                }
                var slot = (await mine.MaxAsync(a => (int?)a.Slot, ct) ?? 0) + 1;
                var activation = new OfferActivation
                {
                    OfferId = offerId, CustomerId = customerId, Slot = slot, Code = OfferRules.NewCode(), RequestKey = requestKey,
                    Status = hold ? ActivationStatus.Held : ActivationStatus.Activated, ActivatedAtUtc = now, ExpiresAtUtc = offer.ValidUntilUtc,
                };
                db.Add(activation);
                await db.SaveChangesAsync(ct);
                outbox.Raise(new OfferActivated(customerId, activation.Id, offerId));
                if (hold) outbox.Raise(new Security.ItemHeld(customerId, Security.HeldItem.OfferActivation, activation.Id, Security.AlertKind.OfferActivationHeld));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                activation.Offer = offer;
                return new(activation, null);
            }
            catch (DbUpdateException e) when (attempt < 5 && DatabaseErrors.IsUniqueViolation(e))
            {
                // A twin request (same key) or a racer for the same slot committed first: look again.
                await tx.RollbackAsync(CancellationToken.None);
                outbox.ForgetUnsaved();
            }
        }
    }

    Security.HeldItem Security.IHeldItems.Item => Security.HeldItem.OfferActivation;

    /// <summary>
    /// Staff decide a held code: released, it is ready to use (expired if the offer ended meanwhile); cancelled, its place
    /// in the offer's budget and in the customer's limit is given back. Either happens once.
    /// </summary>
    async Task<bool> Security.IHeldItems.DecideAsync(string customerId, long itemId, Security.HoldDecision decision, Func<Task<bool>> record, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = Now;
        await using var tx = await db.Database.BeginTransactionAsync(IsPostgres ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable, ct);
        var held = db.Set<OfferActivation>().Where(a => a.Id == itemId && a.CustomerId == customerId && a.Status == ActivationStatus.Held);
        var offerId = await held.Select(a => (long?)a.OfferId).FirstOrDefaultAsync(ct);
        var changed = decision == Security.HoldDecision.Cancel
            ? await held.ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ActivationStatus.Cancelled), ct)
            : await held.Where(a => a.ExpiresAtUtc > now).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ActivationStatus.Activated), ct)
                + await held.Where(a => a.ExpiresAtUtc <= now).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ActivationStatus.Expired), ct);
        if (changed == 1 && decision == Security.HoldDecision.Cancel)
            await db.Set<Offer>().Where(o => o.Id == offerId && o.Issued > 0).ExecuteUpdateAsync(u => u.SetProperty(o => o.Issued, o => o.Issued - 1), ct);
        if (changed == 0 || !await record())
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private Task<OfferActivation?> ByRequestKeyAsync(string customerId, string requestKey, CancellationToken ct) =>
        db.Set<OfferActivation>().AsNoTracking().Include(a => a.Offer).FirstOrDefaultAsync(a => a.CustomerId == customerId && a.RequestKey == requestKey, ct);

    /// <summary>Every code the customer activated, newest first (activated, redeemed with its order, expired).</summary>
    public Task<IReadOnlyList<OfferActivation>> HistoryAsync(string customerId, int take = 50, CancellationToken ct = default) =>
        HistoryAsync(customerId, null, take, ct);

    /// <summary>Codes older than <paramref name="before"/> (an id), newest first.</summary>
    public async Task<IReadOnlyList<OfferActivation>> HistoryAsync(string customerId, long? before, int take, CancellationToken ct = default)
    {
        var now = Now;
        var list = await HistoryOf.For(db)(db, customerId, before, take).ToListAsync(ct);
        // A code past its end reads as expired even before the job has marked it.
        foreach (var a in list.Where(a => a.Status == ActivationStatus.Activated && a.ExpiresAtUtc <= now)) a.Status = ActivationStatus.Expired;
        return list;
    }

    public Task<OfferActivation?> FindCodeAsync(string typed, CancellationToken ct = default)
    {
        var code = OfferRules.Normalize(typed);
        return db.Set<OfferActivation>().AsNoTracking().Include(a => a.Offer).FirstOrDefaultAsync(a => a.Code == code, ct);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(LedgerSession session, Purchase purchase, decimal tierMultiplier, CancellationToken ct)
    {
        var code = OfferRules.Normalize(purchase.OfferCode);
        var activation = await db.Set<OfferActivation>().AsNoTracking().Include(a => a.Offer).FirstOrDefaultAsync(a => a.Code == code, ct);
        purchase.OfferOutcome = Check(activation, purchase) ?? OfferOutcomes.Applied;
        if (purchase.OfferOutcome != OfferOutcomes.Applied) return;
        var offer = activation!.Offer;
        var qualifying = Qualifying(offer, purchase);
        var discount = offer.Kind switch
        {
            OfferKind.PercentOff => qualifying * Math.Clamp(offer.Value, 0, 100) / 100,
            OfferKind.AmountOff => Math.Min(offer.Value, qualifying),
            _ => 0,
        };
        // Points on what was paid for the qualifying lines, times the multiplier less the usual once.
        var bonus = offer.Kind == OfferKind.PointsMultiplier && offer.Value > 1
            ? session.Options.PointsFor(qualifying, tierMultiplier) * (offer.Value - 1)
            : 0;
        // Conditional: of two purchases racing with one code, only one takes it.
        var used = await db.Set<OfferActivation>().Where(a => a.Id == activation.Id && a.Status == ActivationStatus.Activated)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ActivationStatus.Redeemed).SetProperty(a => a.RedeemedAtUtc, session.Now)
                .SetProperty(a => a.OrderId, purchase.OrderId).SetProperty(a => a.DiscountMinor, discount).SetProperty(a => a.BonusPoints, bonus), ct);
        if (used == 0)
        {
            purchase.OfferOutcome = OfferOutcomes.AlreadyUsed;
            return;
        }
        purchase.DiscountMinor = discount;
        if (bonus > 0)
            session.Credit(PointsEntryKind.Bonus, bonus, purchase.OccurredAtUtc.AddDays(session.Options.PendingDays), bonus, purchase.OccurredAtUtc,
                "offer:" + activation.Id, "offer:" + activation.Id, purchase);
        session.Raise(() => new OfferRedeemed(purchase.CustomerId, activation.Id, offer.Id, purchase.Id, discount, bonus));
    }

    private static string? Check(OfferActivation? activation, Purchase purchase)
    {
        if (activation is null) return OfferOutcomes.NotFound;
        if (activation.CustomerId != purchase.CustomerId) return OfferOutcomes.NotYours;
        if (activation.Status == ActivationStatus.Redeemed) return OfferOutcomes.AlreadyUsed;
        if (activation.Status == ActivationStatus.Held) return OfferOutcomes.Held;
        if (activation.Status == ActivationStatus.Cancelled) return OfferOutcomes.Cancelled;
        if (activation.Status == ActivationStatus.Expired || purchase.OccurredAtUtc >= activation.ExpiresAtUtc
            || purchase.OccurredAtUtc < activation.ActivatedAtUtc - PurchaseRules.ClockSkew)
            return OfferOutcomes.Expired;
        var qualifying = Qualifying(activation.Offer, purchase);
        if (activation.Offer.CategoryList.Count > 0 && qualifying == 0) return OfferOutcomes.WrongCategory;
        if (qualifying < activation.Offer.MinSpendMinor) return OfferOutcomes.MinSpendNotMet;
        return null;
    }

    private static long Qualifying(Offer offer, Purchase purchase)
    {
        var categories = offer.CategoryList;
        return purchase.Lines.Where(l => categories.Count == 0 || categories.Contains(l.Category, StringComparer.OrdinalIgnoreCase)).Sum(l => l.AmountMinor);
    }

    /// <summary>Marks codes past their end as expired; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        return await db.Set<OfferActivation>().Where(a => a.Status == ActivationStatus.Activated && a.ExpiresAtUtc <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ActivationStatus.Expired), ct);
    }

    /// <summary>Raises <see cref="OfferExpiringSoon"/> once per code that ends within <paramref name="within"/>.</summary>
    public async Task<int> WarnExpiringAsync(TimeSpan within, CancellationToken ct = default)
    {
        var now = Now;
        var until = now + within;
        var soon = await db.Set<OfferActivation>().AsNoTracking()
            .Where(a => a.Status == ActivationStatus.Activated && a.ExpiresAtUtc > now && a.ExpiresAtUtc <= until)
            .Select(a => new { a.Id, a.CustomerId, a.OfferId, a.ExpiresAtUtc }).ToListAsync(ct);
        var raised = 0;
        foreach (var a in soon)
        {
            if (await outbox.RaiseOnceAsync(new OfferExpiringSoon(a.CustomerId, a.Id, a.OfferId, a.ExpiresAtUtc),
                    Outbox.EventIdFor($"{nameof(OfferExpiringSoon)}:{a.Id}"), ct))
                raised++;
        }
        await db.SaveChangesAsync(ct);
        return raised;
    }

    /// <summary>
    /// Finds customers whom live offers newly match and tells each once, with all their new offers in one
    /// <see cref="OfferAvailable"/> (a batch per run, not one event per offer). Up to <paramref name="maxCustomers"/> per call.
    /// </summary>
    public async Task<int> NotifyAvailableAsync(int maxCustomers = 2000, CancellationToken ct = default)
    {
        var now = Now;
        var live = await db.Set<Offer>().AsNoTracking()
            .Where(o => o.Status == OfferStatus.Published && o.ValidFromUtc <= now && o.ValidUntilUtc > now).ToListAsync(ct);
        if (live.Count == 0) return 0;
        var ids = live.Select(o => o.Id).ToList();
        var customers = await Audience().ToListAsync(ct);
        var noticed = (await db.Set<OfferNotice>().AsNoTracking().Where(n => ids.Contains(n.OfferId)).Select(n => new { n.CustomerId, n.OfferId }).ToListAsync(ct))
            .Select(n => (n.CustomerId, n.OfferId)).ToHashSet();
        var told = 0;
        foreach (var c in customers)
        {
            var fresh = live.Where(o => o.BudgetLeft && o.Targets(c.Segment, c.Tier) && !noticed.Contains((c.Id, o.Id))).Select(o => o.Id).ToList();
            if (fresh.Count == 0) continue;
            foreach (var id in fresh) db.Add(new OfferNotice { CustomerId = c.Id, OfferId = id, NoticedAtUtc = now });
            outbox.Raise(new OfferAvailable(c.Id, fresh));
            if (++told >= maxCustomers) break;
        }
        await db.SaveChangesAsync(ct);
        return told;
    }

    // An object initializer (not a constructor) so that EF can group by its members in SQL.
    private sealed class AudienceMember
    {
        public string Id { get; init; } = "";
        public Segment Segment { get; init; }
        public Tier Tier { get; init; }
    }

    /// <summary>Everyone with the customer role, with their segment (New when not scored) and tier (Bronze without an account).</summary>
    private IQueryable<AudienceMember> Audience() =>
        from user in db.Users
        join userRole in db.UserRoles on user.Id equals userRole.UserId
        join role in db.Roles on userRole.RoleId equals role.Id
        where role.Name == Customers.Roles.Customer
        join a in db.Set<PointsAccount>() on user.Id equals a.CustomerId into accounts
        from a in accounts.DefaultIfEmpty()
        join s in db.Set<CustomerScore>() on user.Id equals s.CustomerId into scores
        from s in scores.DefaultIfEmpty()
        select new AudienceMember { Id = user.Id, Segment = s == null ? Segment.New : s.Segment, Tier = a == null ? Tier.Bronze : a.Tier };

    /// <summary>How many customers an offer (published or not) would reach, per segment.</summary>
    public async Task<IReadOnlyDictionary<Segment, int>> ReachAsync(Offer offer, CancellationToken ct = default)
    {
        var rows = await Audience().GroupBy(m => new { m.Segment, m.Tier }).Select(g => new { g.Key.Segment, g.Key.Tier, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<Segment>().ToDictionary(s => s, s => rows.Where(r => r.Segment == s && offer.Targets(r.Segment, r.Tier)).Sum(r => r.Count));
    }

    // On every visit to /segment: compiled once.
    private static readonly CompiledPerModel<Func<PortalDbContext, DateTime, IAsyncEnumerable<Offer>>> LiveTargeted = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, DateTime now) => db.Set<Offer>().AsNoTracking()
            .Where(o => o.Status == OfferStatus.Published && o.ValidFromUtc <= now && o.ValidUntilUtc > now && o.TargetSegments != "")));

    /// <summary>Live offers aimed at a segment by name (for the customer's /segment page).</summary>
    public async Task<IReadOnlyList<Offer>> ForSegmentAsync(Segment segment, CancellationToken ct = default)
    {
        var live = new List<Offer>();
        await foreach (var offer in LiveTargeted.For(db)(db, Now).WithCancellation(ct)) live.Add(offer);
        return live.Where(o => o.SegmentList.Contains(segment)).OrderBy(o => o.ValidUntilUtc).ToList();
    }
}

/// <summary>The values of <see cref="Purchase.OfferOutcome"/> (stable: the purchases API returns them).</summary>
public static class OfferOutcomes
{
    public const string Applied = "applied";
    public const string NotFound = "not_found";
    public const string NotYours = "not_yours";
    public const string Expired = "expired";
    public const string AlreadyUsed = "already_used";
    public const string MinSpendNotMet = "min_spend_not_met";
    public const string WrongCategory = "wrong_category";
    public const string Held = "held";
    public const string Cancelled = "cancelled";
}
