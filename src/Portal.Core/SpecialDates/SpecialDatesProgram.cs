using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.SpecialDates;

public enum SpecialDateError { NotFound, NotYet, Expired, OfferUnavailable }

/// <param name="Replayed">The reward was already claimed (a double click, a retry): nothing was written this time.</param>
public sealed record ClaimResult(SpecialDateReward? Reward, SpecialDateError? Error, bool Replayed = false)
{
    public bool Succeeded => Error is null;

    /// <summary>The claim waits for a security check: nothing was added yet.</summary>
    public bool Held => Reward?.State == SpecialDateRewardState.Held;
}

public enum DatesError { BirthdayNotPlausible, WeddingNotPlausible, BirthdayChangeTooSoon, WeddingChangeTooSoon, TryAgain }

/// <param name="Field">"birthday" or "wedding".</param>
/// <param name="AllowedFromUtc">For a change refused as too soon: when it becomes possible.</param>
public sealed record DatesProblem(string Field, DatesError Error, DateTime? AllowedFromUtc = null);

/// <summary>One date as the page counts down to it.</summary>
/// <param name="EligibleFrom">Set when <paramref name="Next"/> earns nothing (the date was entered or changed too late): the first one that will.</param>
public sealed record UpcomingDate(SpecialDateKind Kind, DateOnly Date, DateOnly Next, int DaysUntil, DateOnly? EligibleFrom, SpecialDateRewardRule? Reward);

public sealed record SpecialDatesOverview(
    DateOnly Today,
    string TimeZoneId,
    Tier Tier,
    DateOnly? Birthday,
    DateOnly? Wedding,
    DateOnly MemberSince,
    IReadOnlyList<UpcomingDate> Upcoming,
    IReadOnlyList<SpecialDateReward> Available,
    IReadOnlyList<SpecialDateReward> History,
    DateTime? BirthdayChangeAllowedFromUtc,
    DateTime? WeddingChangeAllowedFromUtc);

/// <summary>
/// Birthday and anniversary rewards: the customer's dates (in their local calendar), rewards made when a window
/// opens, claims through the points ledger, expiry. A reward is one row per customer, kind and year (a unique index),
/// and its points are a ledger credit keyed by the reward ("special-date:{id}"), so double clicks, parallel requests
/// and the job racing a page view all end in one reward and one credit.
/// </summary>
public sealed class SpecialDatesProgram(
    PortalDbContext db, PointsLedger ledger, SpecialDateOptions options, CustomerTimeZones zones, TimeProvider clock, Outbox outbox,
    IEnumerable<ISpecialDateOfferIssuer> offerIssuers, Security.IRedemptionScreen? screen = null) : Security.IHeldItems
{
    public const int HistorySize = 50;

    public SpecialDateOptions Options => options;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string LedgerKey(long rewardId) => $"special-date:{rewardId}";

    /// <summary>The page's and the API's view; rewards whose window opened are made first, so they show at once.</summary>
    public async Task<SpecialDatesOverview> OverviewAsync(string customerId, CancellationToken ct = default)
    {
        await GrantDueAsync(customerId, ct);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == customerId, ct);
        var profile = await db.Set<SpecialDateProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.CustomerId == customerId, ct) ?? new();
        var now = Now;
        var today = zones.LocalToday(user, now);
        var tier = await TierOfAsync(customerId, ct);

        var upcoming = new List<UpcomingDate>();
        foreach (var (kind, date, setOn) in Dates(user, profile))
        {
            var next = SpecialDateRules.Next(kind, date, today);
            var eligible = SpecialDateRules.EligibleFrom(kind, date, setOn, options);
            upcoming.Add(new UpcomingDate(kind, date, next, SpecialDateRules.DaysUntil(next, today),
                eligible is { } e && e > next ? e : null, options.RuleFor(tier, kind)));
        }

        var rewards = await db.Set<SpecialDateReward>().AsNoTracking().Where(r => r.CustomerId == customerId)
            .OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).Take(HistorySize + 10).ToListAsync(ct);
        // A held claim stays with the rewards to claim, showing that it waits for a security check.
        var available = rewards.Where(r => IsClaimable(r, now) || r.State == SpecialDateRewardState.Held).OrderBy(r => r.ExpiresAtUtc).ToList();
        var history = rewards.Where(r => r.State != SpecialDateRewardState.Held && (r.State != SpecialDateRewardState.Available || now >= r.ExpiresAtUtc)).Take(HistorySize)
            .Select(r => r.State == SpecialDateRewardState.Available ? Expired(r, r.ExpiresAtUtc) : r).ToList();

        return new SpecialDatesOverview(today, zones.For(user).Id, tier, user.BirthDate, profile.WeddingDate, LocalDate(user, user.MemberSinceUtc),
            upcoming.OrderBy(u => u.Next).ToList(), available, history,
            SpecialDateRules.ChangeAllowedFromUtc(profile.BirthdayChangedAtUtc, now), SpecialDateRules.ChangeAllowedFromUtc(profile.WeddingChangedAtUtc, now));
    }

    /// <summary>Claimed and expired rewards, newest first.</summary>
    public async Task<IReadOnlyList<SpecialDateReward>> HistoryAsync(string customerId, CancellationToken ct = default) =>
        (await OverviewAsync(customerId, ct)).History;

    /// <summary>A page of the history by id, newest first: those older than <paramref name="before"/> (an id).</summary>
    public async Task<IReadOnlyList<SpecialDateReward>> HistoryAsync(string customerId, long? before, int take, CancellationToken ct = default)
    {
        var now = Now;
        var rewards = await db.Set<SpecialDateReward>().AsNoTracking()
            .Where(r => r.CustomerId == customerId && r.State != SpecialDateRewardState.Held
                && (r.State != SpecialDateRewardState.Available || r.ExpiresAtUtc <= now) && (before == null || r.Id < before))
            .OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
        return rewards.Select(r => r.State == SpecialDateRewardState.Available ? Expired(r, r.ExpiresAtUtc) : r).ToList();
    }

    private static bool IsClaimable(SpecialDateReward r, DateTime now) =>
        r.State == SpecialDateRewardState.Available && now >= r.AvailableFromUtc && now < r.ExpiresAtUtc;

    private static SpecialDateReward Expired(SpecialDateReward r, DateTime at)
    {
        r.State = SpecialDateRewardState.Expired;
        r.ExpiredAtUtc ??= at;
        return r;
    }

    private IEnumerable<(SpecialDateKind Kind, DateOnly Date, DateOnly? SetOn)> Dates(PortalUser user, SpecialDateProfile profile)
    {
        if (user.BirthDate is { } birthday) yield return (SpecialDateKind.Birthday, birthday, profile.BirthdaySetOn);
        yield return (SpecialDateKind.Membership, LocalDate(user, user.MemberSinceUtc), null);
        if (profile.WeddingDate is { } wedding) yield return (SpecialDateKind.Wedding, wedding, profile.WeddingSetOn);
    }

    private DateOnly LocalDate(PortalUser user, DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zones.For(user)));

    private async Task<Tier> TierOfAsync(string customerId, CancellationToken ct) =>
        await db.Set<PointsAccount>().AsNoTracking().Where(a => a.CustomerId == customerId).Select(a => (Tier?)a.Tier).FirstOrDefaultAsync(ct)
        ?? Tier.Bronze;

    /// <summary>
    /// The profile, kept in step with the birthday on the account: one given at registration counts as entered when
    /// the customer joined; one that differs from what was last seen here was changed today (by the profile page).
    /// </summary>
    private async Task<SpecialDateProfile> SyncProfileAsync(PortalUser user, CancellationToken ct)
    {
        var profile = await db.Set<SpecialDateProfile>().FirstOrDefaultAsync(p => p.CustomerId == user.Id, ct);
        if (profile is null)
        {
            profile = new SpecialDateProfile
            {
                CustomerId = user.Id, KnownBirthDate = user.BirthDate, Version = Guid.NewGuid(),
                BirthdaySetOn = user.BirthDate is null ? null : LocalDate(user, user.MemberSinceUtc),
            };
            db.Add(profile);
        }
        else if (profile.KnownBirthDate != user.BirthDate)
        {
            var now = Now;
            if (profile.KnownBirthDate is not null) profile.BirthdayChangedAtUtc = now;
            profile.KnownBirthDate = user.BirthDate;
            profile.BirthdaySetOn = zones.LocalToday(user, now);
            profile.Version = Guid.NewGuid();
        }
        return profile;
    }

    /// <summary>Makes the customer's rewards whose window is open and that do not exist yet; raises SpecialDateRewardAvailable for each.</summary>
    public async Task<int> GrantDueAsync(string customerId, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            outbox.ForgetUnsaved();
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == customerId, ct);
            if (user is null) return 0;
            var profile = await SyncProfileAsync(user, ct);
            var now = Now;
            var today = zones.LocalToday(user, now);
            var zone = zones.For(user);
            var due = Dates(user, profile)
                .SelectMany(d => SpecialDateRules.Due(d.Kind, d.Date, d.SetOn, today, options).Select(o => (d.Kind, Occurrence: o)))
                .ToList();
            var made = new List<SpecialDateReward>();
            if (due.Count > 0)
            {
                var years = due.Select(d => d.Occurrence.Year).ToList();
                var existing = (await db.Set<SpecialDateReward>().AsNoTracking()
                        .Where(r => r.CustomerId == customerId && years.Contains(r.Year)).Select(r => new { r.Kind, r.Year }).ToListAsync(ct))
                    .Select(r => (r.Kind, r.Year)).ToHashSet();
                var tier = await TierOfAsync(customerId, ct);
                foreach (var (kind, occurrence) in due)
                {
                    if (existing.Contains((kind, occurrence.Year)) || options.RuleFor(tier, kind) is not { } rule) continue;
                    var (from, until) = SpecialDateRules.Window(occurrence, options);
                    var reward = new SpecialDateReward
                    {
                        CustomerId = customerId, Kind = kind, Year = occurrence.Year, Date = occurrence, AvailableFrom = from, AvailableUntil = until,
                        AvailableFromUtc = SpecialDateRules.StartUtc(from, zone), ExpiresAtUtc = SpecialDateRules.StartUtc(until.AddDays(1), zone),
                        Tier = tier, Type = rule.Type, Points = rule.Type == SpecialDateRewardType.Points ? rule.Points : 0,
                        OfferKey = rule.Type == SpecialDateRewardType.Offer ? rule.Offer : null,
                        State = SpecialDateRewardState.Available, CreatedAtUtc = now, Version = Guid.NewGuid(),
                    };
                    db.Add(reward);
                    made.Add(reward);
                }
            }
            if (made.Count == 0 && !db.ChangeTracker.HasChanges()) return 0;
            try
            {
                // Saved first for the ids the events carry; both saves in one transaction, so no reward without its event.
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                foreach (var r in made)
                    outbox.Raise(new SpecialDateRewardAvailable(customerId, r.Id, r.Kind, r.Year, r.Points, r.AvailableUntil));
                if (made.Count > 0) await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return made.Count;
            }
            catch (DbUpdateException e) when (attempt < 5 && (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e)))
            {
                // The job and a page view (or two page views) made them at the same time: look again.
            }
        }
    }

    /// <summary>The daily job: closes windows that ended, then makes the rewards of windows that opened.</summary>
    public async Task<(int Made, int Expired)> RunDailyAsync(CancellationToken ct = default)
    {
        var expired = await ExpireDueAsync(ct);
        var customers = await (from user in db.Users.AsNoTracking()
                               join userRole in db.UserRoles on user.Id equals userRole.UserId
                               join role in db.Roles on userRole.RoleId equals role.Id
                               where role.Name == Roles.Customer
                               select new { user.Id, user.BirthDate, user.MemberSinceUtc, user.TimeZoneId }).ToListAsync(ct);
        var profiles = await db.Set<SpecialDateProfile>().AsNoTracking().ToDictionaryAsync(p => p.CustomerId, ct);
        var now = Now;
        var minYear = DateOnly.FromDateTime(now).Year - 2;
        var existing = (await db.Set<SpecialDateReward>().AsNoTracking().Where(r => r.Year >= minYear)
                .Select(r => new { r.CustomerId, r.Kind, r.Year }).ToListAsync(ct))
            .Select(r => (r.CustomerId, r.Kind, r.Year)).ToHashSet();
        var made = 0;
        foreach (var c in customers)
        {
            ct.ThrowIfCancellationRequested();
            var user = new PortalUser { Id = c.Id, BirthDate = c.BirthDate, MemberSinceUtc = c.MemberSinceUtc, TimeZoneId = c.TimeZoneId };
            profiles.TryGetValue(c.Id, out var profile);
            // A birthday new to us or changed elsewhere needs the careful path, which records when it was set.
            var needsSync = c.BirthDate is not null && (profile is null || profile.KnownBirthDate != c.BirthDate);
            var today = zones.LocalToday(user, now);
            var missing = Dates(user, profile ?? new SpecialDateProfile())
                .SelectMany(d => SpecialDateRules.Due(d.Kind, d.Date, d.SetOn, today, options).Select(o => (d.Kind, o.Year)))
                .Any(d => !existing.Contains((c.Id, d.Kind, d.Year)));
            if (needsSync || missing) made += await GrantDueAsync(c.Id, ct);
        }
        return (made, expired);
    }

    /// <summary>Unclaimed rewards whose window closed move to the history as expired.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        return await db.Set<SpecialDateReward>().Where(r => r.State == SpecialDateRewardState.Available && r.ExpiresAtUtc <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SpecialDateRewardState.Expired).SetProperty(r => r.ExpiredAtUtc, now)
                .SetProperty(r => r.Version, Guid.NewGuid()), ct);
    }

    /// <summary>
    /// Claims a reward: points go through the ledger in the same transaction that marks the reward claimed. A second
    /// claim (a double click, a parallel request, a retry) gets the claimed reward back and writes nothing.
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(string customerId, long rewardId, CancellationToken ct = default)
    {
        var found = await db.Set<SpecialDateReward>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rewardId && r.CustomerId == customerId, ct);
        if (found is null) return new(null, SpecialDateError.NotFound);
        if (found.State is SpecialDateRewardState.Claimed or SpecialDateRewardState.Held) return new(found, null, Replayed: true);
        var now = Now;
        if (now < found.AvailableFromUtc) return new(found, SpecialDateError.NotYet);
        if (found.State == SpecialDateRewardState.Expired || now >= found.ExpiresAtUtc) return new(found, SpecialDateError.Expired);
        if (screen is not null && await screen.RecentlyChangedAsync(customerId, now, ct)) return await HoldAsync(found, now, ct);
        if (found.Type == SpecialDateRewardType.Offer) return await ClaimOfferAsync(found, ct);

        var result = await ledger.WriteAsync(customerId, async session =>
        {
            var reward = await db.Set<SpecialDateReward>().FirstAsync(r => r.Id == rewardId, ct);
            if (reward.State == SpecialDateRewardState.Claimed) return LedgerResult<ClaimResult>.Answer(new(reward, null, Replayed: true));
            if (reward.State != SpecialDateRewardState.Available || session.Now >= reward.ExpiresAtUtc)
                return LedgerResult<ClaimResult>.Answer(new(reward, SpecialDateError.Expired));
            if (await session.FindEntryAsync(LedgerKey(reward.Id)) is null)
                session.Credit(PointsEntryKind.Bonus, reward.Points, session.Now, 0, session.Now,
                    $"special-date:{reward.Kind.ToString().ToLowerInvariant()}", LedgerKey(reward.Id));
            reward.State = SpecialDateRewardState.Claimed;
            reward.ClaimedAtUtc = session.Now;
            reward.Version = Guid.NewGuid();
            return LedgerResult<ClaimResult>.Ok(new(reward, null));
        }, ct);
        return result.Value!;
    }

    /// <summary>Claimed within the hold window after a sensitive change: recorded as held, nothing given until staff release it.</summary>
    private async Task<ClaimResult> HoldAsync(SpecialDateReward reward, DateTime now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        outbox.ForgetUnsaved();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var changed = await db.Set<SpecialDateReward>().Where(r => r.Id == reward.Id && r.State == SpecialDateRewardState.Available)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SpecialDateRewardState.Held).SetProperty(r => r.ClaimedAtUtc, now)
                    .SetProperty(r => r.Version, Guid.NewGuid()), ct);
            if (changed == 1)
            {
                outbox.Raise(new Security.ItemHeld(reward.CustomerId, Security.HeldItem.RewardClaim, reward.Id, Security.AlertKind.RewardClaimHeld));
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        var after = await db.Set<SpecialDateReward>().AsNoTracking().FirstAsync(r => r.Id == reward.Id, ct);
        return after.State is SpecialDateRewardState.Held or SpecialDateRewardState.Claimed ? new(after, null) : new(after, SpecialDateError.Expired);
    }

    Security.HeldItem Security.IHeldItems.Item => Security.HeldItem.RewardClaim;

    /// <summary>
    /// Staff decide a held claim: released, it completes as a claim would (points through the ledger, or the offer code),
    /// even if its window has closed since; cancelled, nothing was given, so the reward is claimable again while its window
    /// is open (expired after). Either happens once.
    /// </summary>
    async Task<bool> Security.IHeldItems.DecideAsync(string customerId, long itemId, Security.HoldDecision decision, Func<Task<bool>> record, CancellationToken ct)
    {
        var found = await db.Set<SpecialDateReward>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == itemId && r.CustomerId == customerId, ct);
        if (found is null || found.State != SpecialDateRewardState.Held) return false;
        if (decision == Security.HoldDecision.Release && found.Type == SpecialDateRewardType.Points)
        {
            var done = await ledger.WriteAsync(customerId, async session =>
            {
                var reward = await db.Set<SpecialDateReward>().FirstAsync(r => r.Id == itemId, ct);
                if (reward.State != SpecialDateRewardState.Held || !await record()) return LedgerResult<bool>.Answer(false);
                if (await session.FindEntryAsync(LedgerKey(reward.Id)) is null)
                    session.Credit(PointsEntryKind.Bonus, reward.Points, session.Now, 0, session.Now,
                        $"special-date:{reward.Kind.ToString().ToLowerInvariant()}", LedgerKey(reward.Id));
                reward.State = SpecialDateRewardState.Claimed;
                reward.Version = Guid.NewGuid();
                return LedgerResult<bool>.Ok(true);
            }, ct);
            return done.Succeeded && done.Value;
        }
        string? reference = null;
        if (decision == Security.HoldDecision.Release)
        {
            // The issuer keeps one code per key, so a release retried after a failure gets the same code.
            if (offerIssuers.FirstOrDefault() is not { } issuer || string.IsNullOrEmpty(found.OfferKey)) return false;
            reference = await issuer.IssueAsync(customerId, found.OfferKey, LedgerKey(found.Id), ct);
            if (reference is null) return false;
        }
        db.ChangeTracker.Clear();
        var now = Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var held = db.Set<SpecialDateReward>().Where(r => r.Id == itemId && r.State == SpecialDateRewardState.Held);
        var changed = decision == Security.HoldDecision.Release
            ? await held.ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SpecialDateRewardState.Claimed).SetProperty(r => r.OfferReference, reference)
                .SetProperty(r => r.Version, Guid.NewGuid()), ct)
            : now < found.ExpiresAtUtc
                ? await held.ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SpecialDateRewardState.Available).SetProperty(r => r.ClaimedAtUtc, (DateTime?)null)
                    .SetProperty(r => r.Version, Guid.NewGuid()), ct)
                : await held.ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SpecialDateRewardState.Expired).SetProperty(r => r.ClaimedAtUtc, (DateTime?)null)
                    .SetProperty(r => r.ExpiredAtUtc, now).SetProperty(r => r.Version, Guid.NewGuid()), ct);
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

    private async Task<ClaimResult> ClaimOfferAsync(SpecialDateReward reward, CancellationToken ct)
    {
        if (offerIssuers.FirstOrDefault() is not { } issuer || string.IsNullOrEmpty(reward.OfferKey)) return new(reward, SpecialDateError.OfferUnavailable);
        // The issuer keeps one offer per key, so racing claims get the same code.
        var reference = await issuer.IssueAsync(reward.CustomerId, reward.OfferKey, LedgerKey(reward.Id), ct);
        if (reference is null) return new(reward, SpecialDateError.OfferUnavailable);
        var now = Now;
        var changed = await db.Set<SpecialDateReward>().Where(r => r.Id == reward.Id && r.State == SpecialDateRewardState.Available)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SpecialDateRewardState.Claimed).SetProperty(r => r.ClaimedAtUtc, now)
                .SetProperty(r => r.OfferReference, reference).SetProperty(r => r.Version, Guid.NewGuid()), ct);
        var after = await db.Set<SpecialDateReward>().AsNoTracking().FirstAsync(r => r.Id == reward.Id, ct);
        return after.State == SpecialDateRewardState.Claimed ? new(after, null, Replayed: changed == 0) : new(after, SpecialDateError.Expired);
    }

    /// <summary>
    /// For other pages that edit the birthday (the profile): why changing it to <paramref name="birthday"/> is refused
    /// now, or null. Call it before saving and <see cref="GrantDueAsync"/> after, so the change is recorded at once.
    /// It clears the context's change tracker.
    /// </summary>
    public async Task<DatesProblem?> BirthdayChangeProblemAsync(string customerId, DateOnly? birthday, CancellationToken ct = default)
    {
        // Records the birthday as it is before the change, so the change is seen as one (not as given at registration).
        await GrantDueAsync(customerId, ct);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == customerId, ct);
        if (birthday == user.BirthDate || user.BirthDate is null) return null;
        var changedAt = await db.Set<SpecialDateProfile>().AsNoTracking().Where(p => p.CustomerId == customerId)
            .Select(p => p.BirthdayChangedAtUtc).FirstOrDefaultAsync(ct);
        return SpecialDateRules.ChangeAllowedFromUtc(changedAt, Now) is { } from ? new DatesProblem("birthday", DatesError.BirthdayChangeTooSoon, from) : null;
    }

    /// <summary>
    /// Sets the birthday and the wedding anniversary together: either both are saved or neither. Changing a date that
    /// was set is allowed once a year; entering or changing one less than <see cref="SpecialDateOptions.NoticeDays"/>
    /// before it means this year's earns nothing.
    /// </summary>
    public async Task<IReadOnlyList<DatesProblem>> SetDatesAsync(string customerId, DateOnly? birthday, DateOnly? wedding, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var user = await db.Users.FirstAsync(u => u.Id == customerId, ct);
            var profile = await SyncProfileAsync(user, ct);
            var now = Now;
            var today = zones.LocalToday(user, now);
            var problems = new List<DatesProblem>();
            var birthdayChanges = birthday != user.BirthDate;
            var weddingChanges = wedding != profile.WeddingDate;
            if (birthdayChanges)
            {
                if (birthday is { } b && !ProfileRules.IsPlausibleBirthDate(b, today)) problems.Add(new("birthday", DatesError.BirthdayNotPlausible));
                else if (user.BirthDate is not null && SpecialDateRules.ChangeAllowedFromUtc(profile.BirthdayChangedAtUtc, now) is { } from)
                    problems.Add(new("birthday", DatesError.BirthdayChangeTooSoon, from));
            }
            if (weddingChanges)
            {
                if (wedding is { } w && (w > today || w < today.AddYears(-ProfileRules.MaxAgeYears))) problems.Add(new("wedding", DatesError.WeddingNotPlausible));
                else if (profile.WeddingDate is not null && SpecialDateRules.ChangeAllowedFromUtc(profile.WeddingChangedAtUtc, now) is { } from)
                    problems.Add(new("wedding", DatesError.WeddingChangeTooSoon, from));
            }
            if (problems.Count > 0) return problems;
            if (!birthdayChanges && !weddingChanges && !db.ChangeTracker.HasChanges()) return [];

            if (birthdayChanges)
            {
                if (user.BirthDate is not null) profile.BirthdayChangedAtUtc = now;
                user.BirthDate = birthday;
                profile.KnownBirthDate = birthday;
                profile.BirthdaySetOn = birthday is null ? null : today;
            }
            if (weddingChanges)
            {
                if (profile.WeddingDate is not null) profile.WeddingChangedAtUtc = now;
                profile.WeddingDate = wedding;
                profile.WeddingSetOn = wedding is null ? null : today;
            }
            profile.Version = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(ct);
                return [];
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e))
            {
                // Another tab saved first: check the rules again against what it saved.
                if (attempt >= 3) return [new("birthday", DatesError.TryAgain)];
            }
        }
    }
}
