namespace Portal.Core.Notifications.Digests;

/// <summary>Config section "Notifications:Digests".</summary>
public sealed class NotificationDigestOptions
{
    public const string Section = "Notifications:Digests";

    /// <summary>The customer's local time digests go out (moved to the end of their quiet hours when it falls inside).</summary>
    public TimeOnly SendAt { get; set; } = new(8, 0);

    /// <summary>Weekly digests go out on this local weekday; Sunday starts the Saudi work week.</summary>
    public DayOfWeek WeeklyOn { get; set; } = DayOfWeek.Sunday;

    /// <summary>How many customer-and-topic pairs one run looks at.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>When a customer's digest period comes, in their own time zone.</summary>
public static class DigestSchedule
{
    /// <summary>
    /// The latest send slot at or before <paramref name="utcNow"/>: the local date it belongs to (the period) and
    /// when it came in UTC. Null for instant topics.
    /// </summary>
    public static (DateOnly Period, DateTime SlotUtc)? LatestSlot(NotificationFrequency frequency, DateTime utcNow, TimeZoneInfo zone,
        QuietHours? quiet, NotificationDigestOptions options)
    {
        if (frequency == NotificationFrequency.Instant) return null;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone));
        // Quiet hours can move a slot later (past midnight at most), so the previous period may still be the latest.
        DateOnly[] candidates = frequency == NotificationFrequency.Daily
            ? [today, today.AddDays(-1), today.AddDays(-2)]
            : LastWeekday(today, options.WeeklyOn) is var day ? [day, day.AddDays(-7)] : [];
        foreach (var period in candidates)
        {
            var slot = SlotUtc(period, zone, quiet, options.SendAt);
            if (slot <= utcNow) return (period, slot);
        }
        return null;
    }

    /// <summary>The first slot after <paramref name="utcNow"/>: when a waiting message will go out at the earliest.</summary>
    public static DateTime? NextSlotUtc(NotificationFrequency frequency, DateTime utcNow, TimeZoneInfo zone, QuietHours? quiet, NotificationDigestOptions options)
    {
        if (frequency == NotificationFrequency.Instant) return null;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone));
        var step = frequency == NotificationFrequency.Daily ? 1 : 7;
        var period = frequency == NotificationFrequency.Daily ? today.AddDays(-1) : LastWeekday(today, options.WeeklyOn).AddDays(-7);
        for (var i = 0; i < 4; i++, period = period.AddDays(step))
        {
            var slot = SlotUtc(period, zone, quiet, options.SendAt);
            if (slot > utcNow) return slot;
        }
        return null;
    }

    /// <summary>The slot of the period on <paramref name="date"/>: the send time there, or when quiet hours around it end.</summary>
    public static DateTime SlotUtc(DateOnly date, TimeZoneInfo zone, QuietHours? quiet, TimeOnly sendAt)
    {
        var local = date.ToDateTime(sendAt, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        return quiet?.EndsAfter(utc, zone) ?? utc;
    }

    private static DateOnly LastWeekday(DateOnly today, DayOfWeek day) =>
        today.AddDays(-(((int)today.DayOfWeek - (int)day + 7) % 7));
}
