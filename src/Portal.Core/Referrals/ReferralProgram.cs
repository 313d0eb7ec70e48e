using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Administration;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.Referrals;

public enum ReferralError { CodeNotFound, AlreadyReferred, NotFound, WrongState, ReasonRequired, ReasonTooLong }

/// <summary>What a sign-up brings for the abuse signals.</summary>
public sealed record SignupContext(string? Ip, string? DeviceId);

/// <summary>
/// Codes, sign-ups with a code, qualification on the friend's purchase, rewards through the ledger, refunds,
/// expiry and the staff's decisions. Rewards are ledger credits keyed by the referral ("referral:{id}:referrer" and
/// "referral:{id}:friend"), so each side is credited once whatever the number of deliveries or racing callers.
/// </summary>
public sealed class ReferralProgram(PortalDbContext db, PointsLedger ledger, ReferralOptions options, TimeProvider clock, Outbox outbox)
    : Security.IHeldItems
{
    /// <summary>Signals that the friend may be the referrer: they also raise a security alert for the referrer.</summary>
    public const ReferralSignal AbuseSignals = ReferralSignal.SelfDevice | ReferralSignal.SameIpBurst | ReferralSignal.ReferrerIp;

    public const string SecurityCancelledReason = "Cancelled after a security check";

    /// <summary>The reason stored when a refund cancels a rewarded referral; pages show it translated.</summary>
    public const string RefundedReason = "Refunded";

    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int CodeLength = 8;

    public ReferralOptions Options => options;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public long MinimumPurchaseMinor => options.MinimumPurchase * (long)Math.Pow(10, Money.CurrencyExponent(ledger.Options.Currency));

    /// <summary>The customer's code, created on first use; the same every time after.</summary>
    public async Task<ReferralCode> CodeForAsync(string customerId, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await db.Set<ReferralCode>().AsNoTracking().FirstOrDefaultAsync(c => c.CustomerId == customerId, ct);
            if (existing is not null) return existing;
            var code = new ReferralCode { CustomerId = customerId, Code = NewCode(), CreatedAtUtc = Now };
            db.Add(code);
            try
            {
                await db.SaveChangesAsync(ct);
                db.Entry(code).State = EntityState.Detached;
                return code;
            }
            catch (DbUpdateException e) when (attempt < 5 && DatabaseErrors.IsUniqueViolation(e))
            {
                // A racing first call made the customer's code (or, rarely, the same code exists): look again.
                db.Entry(code).State = EntityState.Detached;
            }
        }
    }

    public static string NewCode() => string.Create(CodeLength, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });

    public static string Clean(string? typed) => new((typed ?? "").Trim().ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    /// <summary>The code and its owner's first name ("Sam invited you"), or null.</summary>
    public async Task<(ReferralCode Code, string FirstName)?> FindAsync(string? typed, CancellationToken ct = default)
    {
        var clean = Clean(typed);
        if (clean.Length != CodeLength) return null;
        var found = await db.Set<ReferralCode>().AsNoTracking().Where(c => c.Code == clean)
            .Join(db.Users, c => c.CustomerId, u => u.Id, (c, u) => new { c, u.DisplayName }).FirstOrDefaultAsync(ct);
        return found is null ? null : (found.c, FirstName(found.DisplayName));
    }

    public static string FirstName(string displayName) => displayName.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    public async Task<bool> CountVisitAsync(string code, CancellationToken ct = default) =>
        await db.Set<ReferralCode>().Where(c => c.Code == Clean(code)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Visits, c => c.Visits + 1), ct) > 0;

    /// <summary>Remembers the owner's device so that a sign-up from it is seen as self-referral.</summary>
    public async Task SeenOnDeviceAsync(string customerId, string? deviceId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(deviceId) || deviceId.Length > 64) return;
        await db.Set<ReferralCode>().Where(c => c.CustomerId == customerId && c.DeviceId != deviceId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.DeviceId, deviceId), ct);
    }

    /// <summary>Links a newly registered friend to the code's owner. Only at registration; once per friend.</summary>
    public async Task<(Referral? Referral, ReferralError? Error)> AttachAsync(string friendId, string? typedCode, SignupContext signup, CancellationToken ct = default)
    {
        if (await FindAsync(typedCode, ct) is not { } found) return (null, ReferralError.CodeNotFound);
        if (await db.Set<Referral>().AnyAsync(r => r.FriendId == friendId, ct)) return (null, ReferralError.AlreadyReferred);
        var code = found.Code;
        var friend = await db.Users.AsNoTracking().FirstAsync(u => u.Id == friendId, ct);
        var referrer = await db.Users.AsNoTracking().FirstAsync(u => u.Id == code.CustomerId, ct);
        var now = Now;
        var ip = signup.Ip is { Length: > 64 } ? signup.Ip[..64] : signup.Ip;
        var device = signup.DeviceId is { Length: > 64 } ? null : signup.DeviceId;

        var signals = ReferralSignal.None;
        if (referrer.Id == friend.Id) signals |= ReferralSignal.SelfAccount;
        var friendEmail = EmailNormalizer.Normalize(friend.Email);
        if (EmailNormalizer.Normalize(referrer.Email) == friendEmail) signals |= ReferralSignal.SelfEmail;
        var friendPhone = EmailNormalizer.NormalizePhone(friend.PhoneNumber);
        if (friendPhone is not null && EmailNormalizer.NormalizePhone(referrer.PhoneNumber) == friendPhone) signals |= ReferralSignal.SelfPhone;
        if (device is not null && (code.DeviceId == device
                || await db.Set<Referral>().AnyAsync(r => r.FriendId == referrer.Id && r.DeviceId == device, ct)))
            signals |= ReferralSignal.SelfDevice;
        if (ip is not null)
        {
            var since = now.AddDays(-options.IpWindowDays);
            var before = await db.Set<Referral>().CountAsync(r => r.Code == code.Code && r.SignupIp == ip && r.RegisteredAtUtc > since, ct);
            if (before + 1 >= options.IpThreshold) signals |= ReferralSignal.SameIpBurst;
            if (options.ReferrerIpDays > 0)
            {
                var seenSince = now.AddDays(-options.ReferrerIpDays);
                if (await db.Set<Security.SignInSession>().AnyAsync(s => s.UserId == referrer.Id && s.IpAddress == ip && s.LastSeenAtUtc > seenSince, ct))
                    signals |= ReferralSignal.ReferrerIp;
            }
        }
        if (await HadAccountAsync(friend, friendEmail, friendPhone, ct)) signals |= ReferralSignal.ExistingAccount;

        var referral = new Referral
        {
            ReferrerId = referrer.Id, FriendId = friend.Id, Code = code.Code, State = ReferralState.Pending, Signals = signals,
            SignupIp = ip, DeviceId = device, RegisteredAtUtc = now, Version = Guid.NewGuid(),
        };
        db.Add(referral);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            db.Entry(referral).State = EntityState.Detached;
            return (null, ReferralError.AlreadyReferred);
        }
        // The reward waits for review anyway (any signal sends it there); these also alert the referrer's security queue.
        if ((signals & AbuseSignals) != 0)
        {
            outbox.Raise(new Security.ItemHeld(referrer.Id, Security.HeldItem.ReferralReward, referral.Id, Security.AlertKind.ReferralAbuse));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (referral, null);
    }

    /// <summary>Another account (not the referrer's friend's own) with the same normalised email or phone.</summary>
    private async Task<bool> HadAccountAsync(PortalUser friend, string email, string? phone, CancellationToken ct)
    {
        var at = email.LastIndexOf('@');
        if (at > 0)
        {
            var domain = email[at..].ToUpperInvariant();
            var alias = domain == "@GMAIL.COM" ? "@GOOGLEMAIL.COM" : domain;
            var first = email[..1].ToUpperInvariant();
            // Narrowed in SQL by domain and first letter, compared normalised here.
            var candidates = await db.Users.AsNoTracking()
                .Where(u => u.Id != friend.Id && u.NormalizedEmail != null && u.NormalizedEmail.StartsWith(first)
                    && (u.NormalizedEmail.EndsWith(domain) || u.NormalizedEmail.EndsWith(alias)))
                .Select(u => u.Email).ToListAsync(ct);
            if (candidates.Any(c => EmailNormalizer.Normalize(c) == email)) return true;
        }
        if (phone is null) return false;
        var last = phone[^2..];
        var phones = await db.Users.AsNoTracking().Where(u => u.Id != friend.Id && u.PhoneNumber != null && u.PhoneNumber.EndsWith(last))
            .Select(u => u.PhoneNumber).ToListAsync(ct);
        return phones.Any(p => EmailNormalizer.NormalizePhone(p) == phone);
    }

    /// <summary>A purchase by a referred friend: qualifies the referral when it meets the rules, then rewards or sends it to review.</summary>
    public async Task OnPurchaseAsync(PurchaseRecorded e, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            db.ChangeTracker.Clear();
            var referral = await db.Set<Referral>().FirstOrDefaultAsync(r => r.FriendId == e.UserId, ct);
            if (referral is null) return;
            if (referral.State == ReferralState.Rewarded)
            {
                // A redelivery after a crash between the state change and the credits: the keys make this a no-op otherwise.
                if (referral.QualifyingPurchaseId == e.PurchaseId) await GrantAsync(referral.Id, ct);
                return;
            }
            if (referral.State != ReferralState.Pending) return;
            var purchase = await db.Set<Purchase>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == e.PurchaseId, ct);
            if (purchase is null || purchase.TotalMinor < MinimumPurchaseMinor) return;
            if (purchase.OccurredAtUtc > referral.RegisteredAtUtc.AddDays(options.QualifyingDays)
                // Bought before joining does not count; a till's clock a few minutes behind does.
                || purchase.OccurredAtUtc < referral.RegisteredAtUtc - PurchaseRules.ClockSkew) return;

            var now = Now;
            referral.QualifyingPurchaseId = purchase.Id;
            referral.QualifiedAtUtc = now;
            var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var rewardedThisMonth = await db.Set<Referral>().CountAsync(r => r.ReferrerId == referral.ReferrerId
                && r.State == ReferralState.Rewarded && r.RewardedAtUtc >= monthStart, ct);
            if (rewardedThisMonth >= options.MonthlyCap) referral.Signals |= ReferralSignal.OverMonthlyCap;
            var review = referral.Signals != ReferralSignal.None;
            outbox.Raise(new ReferralQualified(referral.ReferrerId, referral.Id, review));
            if (review)
            {
                referral.State = ReferralState.UnderReview;
            }
            else
            {
                MarkRewarded(referral, now);
            }
            referral.Version = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another delivery moved it first: look again.
                outbox.ForgetUnsaved();
                continue;
            }
            if (!review) await GrantAsync(referral.Id, ct);
            return;
        }
    }

    private void MarkRewarded(Referral referral, DateTime now)
    {
        referral.State = ReferralState.Rewarded;
        referral.RewardedAtUtc = now;
        referral.ReferrerPoints = options.ReferrerPoints;
        referral.FriendPoints = options.FriendPoints;
        outbox.Raise(new ReferralRewarded(referral.ReferrerId, referral.Id, options.ReferrerPoints));
    }

    /// <summary>Credits both sides of a rewarded referral; each credit's key is the referral, so it is written once.</summary>
    private async Task GrantAsync(long referralId, CancellationToken ct)
    {
        var r = await db.Set<Referral>().AsNoTracking().FirstAsync(x => x.Id == referralId, ct);
        await CreditAsync(r.ReferrerId, r.ReferrerPoints, r.Id, "referrer", ct);
        await CreditAsync(r.FriendId, r.FriendPoints, r.Id, "friend", ct);
    }

    private Task CreditAsync(string customerId, long points, long referralId, string side, CancellationToken ct) =>
        points <= 0 ? Task.CompletedTask : ledger.WriteAsync(customerId, async session =>
        {
            var key = RewardKey(referralId, side);
            if (await session.FindEntryAsync(key) is { } done) return LedgerResult<PointsEntry>.Answer(done);
            return LedgerResult<PointsEntry>.Ok(session.Credit(PointsEntryKind.Bonus, points, session.Now, 0, session.Now, $"referral:{referralId}", key));
        }, ct);

    public static string RewardKey(long referralId, string side) => $"referral:{referralId}:{side}";

    /// <summary>A refund of the qualifying purchase within the returns window takes both rewards back.</summary>
    public async Task OnRefundAsync(PurchaseRefunded e, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var referral = await db.Set<Referral>().AsNoTracking().FirstOrDefaultAsync(r => r.FriendId == e.UserId && r.QualifyingPurchaseId == e.PurchaseId, ct);
        if (referral is null || referral.State != ReferralState.Rewarded) return;
        var purchase = await db.Set<Purchase>().AsNoTracking().FirstAsync(p => p.Id == e.PurchaseId, ct);
        if (Now > purchase.OccurredAtUtc.AddDays(ledger.Options.PendingDays)) return;
        // What is left after the refund no longer qualifies: a partial refund that keeps it above the minimum changes nothing.
        if (purchase.TotalMinor - purchase.RefundedMinor >= MinimumPurchaseMinor) return;
        await ReverseAsync(referral.ReferrerId, referral.ReferrerPoints, referral.Id, "referrer", ct);
        await ReverseAsync(referral.FriendId, referral.FriendPoints, referral.Id, "friend", ct);
        db.ChangeTracker.Clear();
        await db.Set<Referral>().Where(r => r.Id == referral.Id && r.State == ReferralState.Rewarded)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReferralState.Rejected).SetProperty(r => r.Reason, RefundedReason)
                .SetProperty(r => r.ClosedAtUtc, Now).SetProperty(r => r.Version, Guid.NewGuid()), ct);
    }

    private Task ReverseAsync(string customerId, long points, long referralId, string side, CancellationToken ct) =>
        points <= 0 ? Task.CompletedTask : ledger.WriteAsync(customerId, async session =>
        {
            var key = RewardKey(referralId, side) + ":reverse";
            if (await session.FindEntryAsync(key) is { } done) return LedgerResult<PointsEntry?>.Answer(done);
            // What was already spent cannot be taken back: the balance never goes below zero.
            var take = Math.Min(points, session.Active);
            if (take <= 0) return LedgerResult<PointsEntry?>.Answer(null);
            return LedgerResult<PointsEntry?>.Ok(session.Debit(PointsEntryKind.Reverse, take, $"referral:{referralId}", key));
        }, ct);

    /// <summary>Pending referrals whose friend did not buy in time; the daily job calls this.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct = default)
    {
        var cutoff = Now.AddDays(-options.QualifyingDays);
        var now = Now;
        return await db.Set<Referral>().Where(r => r.State == ReferralState.Pending && r.RegisteredAtUtc < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReferralState.Expired).SetProperty(r => r.ClosedAtUtc, now)
                .SetProperty(r => r.Version, Guid.NewGuid()), ct);
    }

    Security.HeldItem Security.IHeldItems.Item => Security.HeldItem.ReferralReward;

    /// <summary>
    /// Staff decide a referral held by an abuse signal from /staff/security: released, one under review is rewarded now
    /// and a pending one loses the abuse signals (a qualifying purchase then rewards it unless other signals hold it);
    /// cancelled, it is rejected and never rewarded. Once: the referral's version guards racing decisions.
    /// </summary>
    async Task<bool> Security.IHeldItems.DecideAsync(string customerId, long itemId, Security.HoldDecision decision, Func<Task<bool>> record, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        outbox.ForgetUnsaved();
        var referral = await db.Set<Referral>().FirstOrDefaultAsync(r => r.Id == itemId && r.ReferrerId == customerId, ct);
        if (referral is null || referral.State is not (ReferralState.Pending or ReferralState.UnderReview)) return false;
        var rewarded = false;
        if (decision == Security.HoldDecision.Cancel)
        {
            (referral.State, referral.Reason, referral.ClosedAtUtc) = (ReferralState.Rejected, SecurityCancelledReason, Now);
            outbox.Raise(new ReferralRejected(referral.ReferrerId, referral.Id));
        }
        else if (referral.State == ReferralState.UnderReview)
        {
            MarkRewarded(referral, Now);
            rewarded = true;
        }
        else referral.Signals &= ~AbuseSignals;
        referral.Version = Guid.NewGuid();
        if (!await record())
        {
            db.ChangeTracker.Clear();
            outbox.ForgetUnsaved();
            return false;
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            outbox.ForgetUnsaved();
            return false;
        }
        if (rewarded) await GrantAsync(referral.Id, ct);
        return true;
    }

    /// <summary>Staff approve a referral under review: it is rewarded now.</summary>
    public async Task<ReferralError?> ApproveAsync(long id, string actorUserId, string actorName, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var referral = await db.Set<Referral>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null) return ReferralError.NotFound;
        if (referral.State != ReferralState.UnderReview) return ReferralError.WrongState;
        MarkRewarded(referral, Now);
        referral.Version = Guid.NewGuid();
        db.Add(new AuditEntry(actorUserId, actorName, referral.FriendId, AuditAction.ReferralApproved, $"referral:{id}", Now));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { outbox.ForgetUnsaved(); return ReferralError.WrongState; }
        await GrantAsync(id, ct);
        return null;
    }

    /// <summary>Staff reject a pending or under-review referral with a reason.</summary>
    public async Task<ReferralError?> RejectAsync(long id, string reason, string actorUserId, string actorName, CancellationToken ct = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length == 0) return ReferralError.ReasonRequired;
        if (reason.Length > 500) return ReferralError.ReasonTooLong;
        db.ChangeTracker.Clear();
        var referral = await db.Set<Referral>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null) return ReferralError.NotFound;
        if (referral.State is not (ReferralState.UnderReview or ReferralState.Pending)) return ReferralError.WrongState;
        referral.State = ReferralState.Rejected;
        referral.Reason = reason;
        referral.ClosedAtUtc = Now;
        referral.Version = Guid.NewGuid();
        outbox.Raise(new ReferralRejected(referral.ReferrerId, referral.Id));
        var detail = $"referral:{id}: {reason}";
        db.Add(new AuditEntry(actorUserId, actorName, referral.FriendId, AuditAction.ReferralRejected, detail.Length > 200 ? detail[..200] : detail, Now));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { outbox.ForgetUnsaved(); return ReferralError.WrongState; }
        return null;
    }
}
