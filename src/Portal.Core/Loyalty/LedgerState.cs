namespace Portal.Core.Loyalty;

/// <summary>A credit with what is left of it.</summary>
public sealed record Lot(long CreditId, PointsEntryKind Kind, string SourceRef, long Points, long Remaining,
    DateTime ActiveFromUtc, DateTime ExpiresAtUtc, long? PurchaseId)
{
    public bool IsActiveAt(DateTime now) => ActiveFromUtc <= now && ExpiresAtUtc > now;
    public bool IsPendingAt(DateTime now) => ActiveFromUtc > now;
}

/// <summary>Earned points that count toward the tier, at the time they were earned.</summary>
public readonly record struct QualifyingPoints(DateTime AtUtc, long Points);

public sealed record PendingAward(long CreditId, DateTime UnlocksAtUtc, long Points, string SourceRef);

public sealed record ExpiringAward(long CreditId, DateTime ExpiresAtUtc, long Points, string SourceRef, bool Soon);

/// <summary>"Earn <see cref="PointsNeeded"/> more points by <see cref="ByUtc"/> to keep <see cref="Tier"/>."</summary>
public sealed record TierWarning(Tier Tier, long PointsNeeded, DateTime ByUtc);

/// <summary>The pure rules over one customer's lots and qualifying points: no database, no clock.</summary>
public static class LedgerRules
{
    public static long ActiveAt(IEnumerable<Lot> lots, DateTime now) => lots.Where(l => l.IsActiveAt(now)).Sum(l => l.Remaining);

    public static long PendingAt(IEnumerable<Lot> lots, DateTime now) => lots.Where(l => l.IsPendingAt(now)).Sum(l => l.Remaining);

    /// <summary>Spending takes from the lots closest to expiry first.</summary>
    public static IEnumerable<Lot> SpendOrder(IEnumerable<Lot> lots, DateTime now) =>
        lots.Where(l => l.Remaining > 0 && l.IsActiveAt(now)).OrderBy(l => l.ExpiresAtUtc).ThenBy(l => l.CreditId);

    /// <summary>Earned points in the window (at − months, at].</summary>
    public static long QualifyingTotal(IEnumerable<QualifyingPoints> points, DateTime at, int months)
    {
        var from = at.AddMonths(-months);
        return Math.Max(0, points.Where(p => p.AtUtc > from && p.AtUtc <= at).Sum(p => p.Points));
    }

    /// <summary>
    /// The first day the rolling total falls below the current tier's threshold if nothing more is earned, and how
    /// much must be earned before then to stay. Null when the tier is not at risk within <paramref name="horizonDays"/>.
    /// </summary>
    public static TierWarning? KeepTierWarning(IReadOnlyList<QualifyingPoints> points, DateTime now, LoyaltyOptions options, int horizonDays)
    {
        var months = options.QualifyingMonths;
        var current = options.TierFor(QualifyingTotal(points, now, months));
        if (current.Threshold == 0) return null;
        // The total only drops when an earning leaves the window: check each of those moments in order.
        var dropDays = points.Where(p => p.AtUtc > now.AddMonths(-months) && p.AtUtc <= now)
            .Select(p => p.AtUtc.AddMonths(months))
            .Where(d => d > now && d <= now.AddDays(horizonDays))
            .Order();
        foreach (var day in dropDays)
        {
            var left = QualifyingTotal(points, day, months);
            if (left < current.Threshold)
                return new TierWarning(current.Tier, current.Threshold - left, day);
        }
        return null;
    }

    /// <summary>The first moment after <paramref name="now"/> that an earning leaves the window (the total drops).</summary>
    public static DateTime? NextDrop(IEnumerable<QualifyingPoints> points, DateTime now, int months)
    {
        var from = now.AddMonths(-months);
        var drops = points.Where(p => p.Points > 0 && p.AtUtc > from && p.AtUtc <= now).Select(p => p.AtUtc.AddMonths(months)).ToList();
        return drops.Count == 0 ? null : drops.Min();
    }

    public static IReadOnlyList<PendingAward> PendingAwards(IEnumerable<Lot> lots, DateTime now) =>
        lots.Where(l => l.Remaining > 0 && l.IsPendingAt(now)).OrderBy(l => l.ActiveFromUtc).ThenBy(l => l.CreditId)
            .Select(l => new PendingAward(l.CreditId, l.ActiveFromUtc, l.Remaining, l.SourceRef)).ToList();

    public static IReadOnlyList<ExpiringAward> ExpirySchedule(IEnumerable<Lot> lots, DateTime now, int soonDays) =>
        SpendOrder(lots, now)
            .Select(l => new ExpiringAward(l.CreditId, l.ExpiresAtUtc, l.Remaining, l.SourceRef, l.ExpiresAtUtc <= now.AddDays(soonDays)))
            .ToList();
}
