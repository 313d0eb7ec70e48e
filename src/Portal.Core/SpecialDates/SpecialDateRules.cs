namespace Portal.Core.SpecialDates;

/// <summary>The calendar of special dates: pure, in the customer's local dates.</summary>
public static class SpecialDateRules
{
    /// <summary>The day <paramref name="date"/> is celebrated in <paramref name="year"/>: 29 February becomes 28 February in other years.</summary>
    public static DateOnly Occurrence(DateOnly date, int year) =>
        date is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, date.Month, date.Day);

    /// <summary>The first celebration on or after <paramref name="today"/> (the first anniversary at the earliest).</summary>
    public static DateOnly Next(SpecialDateKind kind, DateOnly date, DateOnly today)
    {
        var year = Math.Max(today.Year, FirstYear(kind, date));
        var next = Occurrence(date, year);
        return next >= today ? next : Occurrence(date, year + 1);
    }

    /// <summary>A birthday counts from the year of birth; an anniversary from the year after.</summary>
    public static int FirstYear(SpecialDateKind kind, DateOnly date) => kind == SpecialDateKind.Birthday ? date.Year : date.Year + 1;

    public static (DateOnly From, DateOnly Until) Window(DateOnly occurrence, SpecialDateOptions options) =>
        (occurrence.AddDays(-options.DaysBefore), occurrence.AddDays(options.DaysAfter));

    /// <summary>
    /// The first celebration that earns a reward when the date was entered or changed on <paramref name="setOn"/>:
    /// the first one at least <see cref="SpecialDateOptions.NoticeDays"/> later. Null <paramref name="setOn"/>: no limit.
    /// </summary>
    public static DateOnly? EligibleFrom(SpecialDateKind kind, DateOnly date, DateOnly? setOn, SpecialDateOptions options) =>
        setOn is { } set ? Next(kind, date, set.AddDays(options.NoticeDays)) : null;

    /// <summary>The celebrations whose reward window contains <paramref name="today"/> and that are eligible.</summary>
    public static IEnumerable<DateOnly> Due(SpecialDateKind kind, DateOnly date, DateOnly? setOn, DateOnly today, SpecialDateOptions options)
    {
        var eligibleFrom = EligibleFrom(kind, date, setOn, options);
        for (var year = today.Year - 1; year <= today.Year + 1; year++)
        {
            if (year < FirstYear(kind, date)) continue;
            var occurrence = Occurrence(date, year);
            var (from, until) = Window(occurrence, options);
            if (today < from || today > until) continue;
            if (eligibleFrom is { } e && occurrence < e) continue;
            yield return occurrence;
        }
    }

    /// <summary>Whole days from <paramref name="today"/> to <paramref name="date"/>.</summary>
    public static int DaysUntil(DateOnly date, DateOnly today) => date.DayNumber - today.DayNumber;

    /// <summary>The UTC instant a local date starts in <paramref name="zone"/> (the first valid time when midnight is skipped).</summary>
    public static DateTime StartUtc(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>Whether an existing date may be changed now: at most once a year.</summary>
    public static DateTime? ChangeAllowedFromUtc(DateTime? lastChangedUtc, DateTime nowUtc) =>
        lastChangedUtc is { } last && last.AddYears(1) > nowUtc ? last.AddYears(1) : null;
}
