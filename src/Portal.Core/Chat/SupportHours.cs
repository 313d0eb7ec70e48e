namespace Portal.Core.Chat;

/// <summary>
/// When live chat is staffed (config <c>Support:BusinessHours</c>). Without any days configured it is always open.
/// <code>
/// "Support": { "BusinessHours": { "TimeZone": "Asia/Riyadh",
///   "Days": { "Sunday": { "Open": "09:00", "Close": "17:00" }, "Monday": { "Open": "09:00", "Close": "17:00" } } } }
/// </code>
/// A configured schedule leaves out days that are closed.
/// </summary>
public sealed class SupportHours
{
    /// <summary>IANA or Windows id; UTC when empty.</summary>
    public string? TimeZone { get; set; }

    public Dictionary<DayOfWeek, OpeningHours> Days { get; set; } = [];

    public bool IsOpen(DateTimeOffset nowUtc)
    {
        if (Days.Count == 0) return true;
        var zone = string.IsNullOrWhiteSpace(TimeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(nowUtc, zone);
        if (!Days.TryGetValue(local.DayOfWeek, out var hours)) return false;
        var time = TimeOnly.FromDateTime(local.DateTime);
        return time >= hours.Open && time < hours.Close;
    }

    /// <summary>When chat next opens after <paramref name="nowUtc"/> (in the schedule's zone); null when always open or never.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset nowUtc)
    {
        if (Days.Count == 0) return null;
        var zone = string.IsNullOrWhiteSpace(TimeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(nowUtc, zone);
        for (var day = 0; day <= 7; day++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(day);
            if (!Days.TryGetValue(date.DayOfWeek, out var hours) || hours.Close <= hours.Open) continue;
            var opens = date.ToDateTime(hours.Open);
            if (opens <= local.DateTime) continue;
            return new DateTimeOffset(opens, zone.GetUtcOffset(opens));
        }
        return null;
    }
}

public sealed class OpeningHours
{
    public TimeOnly Open { get; set; }
    public TimeOnly Close { get; set; }
}
