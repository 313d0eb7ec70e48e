using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Referrals;

public sealed record ReferralStats(long Visits, int SignUps, int Qualified, int Rewarded, long PointsEarned)
{
    /// <summary>Qualified friends per sign-up, 0–1.</summary>
    public double Conversion => SignUps == 0 ? 0 : (double)Qualified / SignUps;
}

/// <summary>A referred friend as the referrer sees them: masked, never their full name or address.</summary>
public sealed record ReferralHistoryItem(
    long Id, string MaskedName, string MaskedEmail, ReferralState State, DateTime RegisteredAtUtc, DateTime? QualifiedAtUtc,
    DateTime? RewardedAtUtc, DateTime DeadlineUtc, long PointsEarned);

public sealed record ReferralPage(IReadOnlyList<ReferralHistoryItem> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed class ReferralQueries(PortalDbContext db, ReferralOptions options)
{
    public const int MaxPageSize = 50;

    public async Task<ReferralStats> StatsAsync(string referrerId, CancellationToken ct = default)
    {
        var visits = await db.Set<ReferralCode>().Where(c => c.CustomerId == referrerId).Select(c => c.Visits).FirstOrDefaultAsync(ct);
        var states = await db.Set<Referral>().Where(r => r.ReferrerId == referrerId)
            .GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count(), Points = g.Sum(r => r.ReferrerPoints) }).ToListAsync(ct);
        var qualified = await db.Set<Referral>().CountAsync(r => r.ReferrerId == referrerId && r.QualifiedAtUtc != null, ct);
        var rewarded = states.FirstOrDefault(s => s.State == ReferralState.Rewarded);
        return new ReferralStats(visits, states.Sum(s => s.Count), qualified, rewarded?.Count ?? 0, rewarded?.Points ?? 0);
    }

    /// <summary>Friends still to make their qualifying purchase, soonest deadline first.</summary>
    public async Task<IReadOnlyList<ReferralHistoryItem>> PendingAsync(string referrerId, CancellationToken ct = default) =>
        (await ItemsAsync(db.Set<Referral>().AsNoTracking().Where(r => r.ReferrerId == referrerId && r.State == ReferralState.Pending)
            .OrderBy(r => r.RegisteredAtUtc).Take(MaxPageSize), ct));

    private async Task<List<ReferralHistoryItem>> ItemsAsync(IQueryable<Referral> query, CancellationToken ct)
    {
        var rows = await query.Join(db.Users, r => r.FriendId, u => u.Id, (r, u) => new { r, u.DisplayName, u.Email }).ToListAsync(ct);
        return rows.Select(x => new ReferralHistoryItem(x.r.Id, MaskName(x.DisplayName), MaskEmail(x.Email), x.r.State,
            x.r.RegisteredAtUtc, x.r.QualifiedAtUtc, x.r.RewardedAtUtc, x.r.RegisteredAtUtc.AddDays(options.QualifyingDays),
            x.r.State == ReferralState.Rewarded ? x.r.ReferrerPoints : 0)).ToList();
    }

    public async Task<ReferralPage> HistoryAsync(string referrerId, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(1, page);
        var query = db.Set<Referral>().AsNoTracking().Where(r => r.ReferrerId == referrerId);
        var total = await query.CountAsync(ct);
        var items = await ItemsAsync(query.OrderByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize), ct);
        // The join does not keep the order on every provider.
        return new ReferralPage(items.OrderByDescending(i => i.Id).ToList(), page, pageSize, total);
    }

    /// <summary>Friends by cursor (the API's): those older than <paramref name="before"/> (an id), newest first.</summary>
    public async Task<IReadOnlyList<ReferralHistoryItem>> HistoryBeforeAsync(string referrerId, long? before, int take, CancellationToken ct = default)
    {
        var query = db.Set<Referral>().AsNoTracking().Where(r => r.ReferrerId == referrerId && (before == null || r.Id < before));
        var items = await ItemsAsync(query.OrderByDescending(r => r.Id).Take(take), ct);
        return items.OrderByDescending(i => i.Id).ToList();
    }

    /// <summary>"Sara Ahmed" → "S*** A."</summary>
    public static string MaskName(string? name)
    {
        var parts = (name ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return "***";
        var first = char.ToUpperInvariant(parts[0][0]) + "***";
        return parts.Length == 1 ? first : $"{first} {char.ToUpperInvariant(parts[^1][0])}.";
    }

    /// <summary>"sara.ahmed@gmail.com" → "s***@gmail.com"</summary>
    public static string MaskEmail(string? email)
    {
        var at = (email ?? "").LastIndexOf('@');
        if (at <= 0) return "***";
        return char.ToLowerInvariant(email![0]) + "***" + email[at..].ToLowerInvariant();
    }
}

/// <summary>One side of a referral as staff see it (unmasked: staff look customers up anyway).</summary>
public sealed record ReferralParty(string Id, string Name, string Email, string CustomerNumber, DateTime JoinedAtUtc);

public sealed record ReferralQueueItem(Referral Referral, ReferralParty Referrer, ReferralParty Friend, Loyalty.Purchase? Purchase);

/// <summary>The staff review queue and the profile panel.</summary>
public sealed class ReferralStaffQueries(PortalDbContext db)
{
    public const int MaxRows = 50;

    public async Task<(string? Code, long Visits)> CodeOfAsync(string customerId, CancellationToken ct = default)
    {
        var code = await db.Set<ReferralCode>().AsNoTracking().FirstOrDefaultAsync(c => c.CustomerId == customerId, ct);
        return (code?.Code, code?.Visits ?? 0);
    }

    public async Task<IReadOnlyList<ReferralQueueItem>> QueueAsync(ReferralState? state, ReferralSignal? signal, string? customerId = null,
        CancellationToken ct = default)
    {
        var query = db.Set<Referral>().AsNoTracking();
        if (state is { } s) query = query.Where(r => r.State == s);
        if (signal is { } sig and not ReferralSignal.None)
        {
            var bit = (int)sig;
            query = query.Where(r => ((int)r.Signals & bit) != 0);
        }
        if (customerId is not null) query = query.Where(r => r.ReferrerId == customerId || r.FriendId == customerId);
        var referrals = await query.OrderByDescending(r => r.Id).Take(MaxRows).ToListAsync(ct);
        var ids = referrals.SelectMany(r => new[] { r.ReferrerId, r.FriendId }).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new ReferralParty(u.Id, u.DisplayName, u.Email ?? "", u.CustomerNumber, u.MemberSinceUtc)).ToDictionaryAsync(p => p.Id, ct);
        var purchaseIds = referrals.Where(r => r.QualifyingPurchaseId != null).Select(r => r.QualifyingPurchaseId!.Value).ToList();
        var purchases = await db.Set<Loyalty.Purchase>().AsNoTracking().Where(p => purchaseIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return referrals.Select(r => new ReferralQueueItem(r, people[r.ReferrerId], people[r.FriendId],
            r.QualifyingPurchaseId is { } pid && purchases.TryGetValue(pid, out var p) ? p : null)).ToList();
    }
}
