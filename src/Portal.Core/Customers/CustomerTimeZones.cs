namespace Portal.Core.Customers;

/// <summary>Config section "Business": where the business is; its time zone is every customer's default.</summary>
public sealed class BusinessOptions
{
    public const string Section = "Business";

    /// <summary>IANA id.</summary>
    public string TimeZone { get; set; } = "Asia/Riyadh";
}

/// <summary>
/// A customer's local time: their own time zone when they chose one, else the business's. Dates that belong to a
/// person (a birthday, quiet hours, "today") are their local dates, not UTC ones.
/// </summary>
public sealed class CustomerTimeZones(BusinessOptions options)
{
    public const int MaxIdLength = 64;

    public TimeZoneInfo Business => Find(options.TimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>The zone for a stored id; the business zone when the id is empty or unknown on this machine.</summary>
    public TimeZoneInfo For(string? timeZoneId) => Find(timeZoneId) ?? Business;

    public TimeZoneInfo For(PortalUser user) => For(user.TimeZoneId);

    public DateTime LocalNow(PortalUser user, DateTimeOffset utcNow) => TimeZoneInfo.ConvertTime(utcNow, For(user)).DateTime;

    public DateOnly LocalToday(PortalUser user, DateTimeOffset utcNow) => DateOnly.FromDateTime(LocalNow(user, utcNow));

    /// <summary>A valid IANA id this machine knows (what a settings form accepts).</summary>
    public static bool IsValid(string? id) => Find(id) is not null;

    private static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
