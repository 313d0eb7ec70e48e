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

    public async Task<ReferralPage> HistoryAsync(string referrerId, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(1, page);
        var query = db.Set<Referral>().AsNoTracking().Where(r => r.ReferrerId == referrerId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Users, r => r.FriendId, u => u.Id, (r, u) => new { r, u.DisplayName, u.Email })
            .ToListAsync(ct);
        var items = rows.Select(x => new ReferralHistoryItem(x.r.Id, MaskName(x.DisplayName), MaskEmail(x.Email), x.r.State,
            x.r.RegisteredAtUtc, x.r.QualifiedAtUtc, x.r.RewardedAtUtc, x.r.RegisteredAtUtc.AddDays(options.QualifyingDays),
            x.r.State == ReferralState.Rewarded ? x.r.ReferrerPoints : 0)).ToList();
        return new ReferralPage(items, page, pageSize, total);
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
