using Portal.Core.Loyalty;
using Portal.Core.SpecialDates;

namespace Portal.Core.Tests.SpecialDates;

public class SpecialDateRulesTests
{
    private static readonly SpecialDateOptions Options = new();

    [Theory]
    [InlineData(2027, "2027-02-28")]
    [InlineData(2028, "2028-02-29")]
    [InlineData(2100, "2100-02-28")]
    [InlineData(2000, "2000-02-29")]
    public void The_29th_of_February_is_celebrated_on_the_28th_in_other_years(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), SpecialDateRules.Occurrence(new DateOnly(1996, 2, 29), year));

    [Fact]
    public void After_28_February_in_a_common_year_the_next_leap_birthday_is_next_year() =>
        Assert.Equal(new DateOnly(2028, 2, 29), SpecialDateRules.Next(SpecialDateKind.Birthday, new DateOnly(1996, 2, 29), new DateOnly(2027, 3, 1)));

    [Fact]
    public void A_membership_anniversary_starts_a_year_after_joining() =>
        Assert.Equal(new DateOnly(2025, 2, 28), SpecialDateRules.Next(SpecialDateKind.Membership, new DateOnly(2024, 2, 29), new DateOnly(2024, 3, 1)));

    [Fact]
    public void Todays_date_counts_as_the_next_one() =>
        Assert.Equal(new DateOnly(2026, 12, 10), SpecialDateRules.Next(SpecialDateKind.Birthday, new DateOnly(1990, 12, 10), new DateOnly(2026, 12, 10)));

    [Theory]
    [InlineData("2027-01-07", false)]
    [InlineData("2027-01-08", true)]
    [InlineData("2027-01-15", true)]
    [InlineData("2027-02-14", true)]
    [InlineData("2027-02-15", false)]
    public void A_reward_is_due_from_7_days_before_until_30_days_after(string today, bool due) =>
        Assert.Equal(due, SpecialDateRules.Due(SpecialDateKind.Birthday, new DateOnly(1990, 1, 15), null, DateOnly.Parse(today), Options).Any());

    [Fact]
    public void A_window_crossing_the_new_year_belongs_to_the_year_of_the_date()
    {
        var due = SpecialDateRules.Due(SpecialDateKind.Birthday, new DateOnly(1990, 1, 3), null, new DateOnly(2026, 12, 28), Options).Single();
        Assert.Equal(new DateOnly(2027, 1, 3), due);
    }

    [Theory]
    [InlineData("2026-11-24", "2026-12-24", "2026-12-24")]
    [InlineData("2026-11-25", "2026-12-24", "2027-12-24")]
    [InlineData("2026-12-30", "2026-12-24", "2027-12-24")]
    public void A_date_entered_less_than_30_days_before_it_is_eligible_from_next_year(string setOn, string date, string eligibleFrom) =>
        Assert.Equal(DateOnly.Parse(eligibleFrom),
            SpecialDateRules.EligibleFrom(SpecialDateKind.Birthday, DateOnly.Parse(date).AddYears(-30), DateOnly.Parse(setOn), Options));

    [Fact]
    public void A_date_entered_too_late_is_not_due_even_inside_its_window() =>
        Assert.Empty(SpecialDateRules.Due(SpecialDateKind.Birthday, new DateOnly(1990, 12, 10), new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 10), Options));

    [Fact]
    public void Windows_follow_the_configured_days()
    {
        var options = new SpecialDateOptions { DaysBefore = 1, DaysAfter = 2 };
        Assert.Equal((new DateOnly(2026, 5, 9), new DateOnly(2026, 5, 12)), SpecialDateRules.Window(new DateOnly(2026, 5, 10), options));
    }

    [Fact]
    public void A_local_midnight_is_the_right_UTC_instant() =>
        Assert.Equal(new DateTime(2026, 12, 2, 11, 0, 0, DateTimeKind.Utc),
            SpecialDateRules.StartUtc(new DateOnly(2026, 12, 3), TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland")));

    [Fact]
    public void Per_tier_rules_prefer_the_one_for_the_kind()
    {
        var options = new SpecialDateOptions
        {
            Rewards =
            [
                new() { Tier = Tier.Gold, Points = 300 },
                new() { Tier = Tier.Gold, Kind = SpecialDateKind.Birthday, Offer = "BDAY-GOLD" },
            ],
        };
        Assert.Equal(SpecialDateRewardType.Offer, options.RuleFor(Tier.Gold, SpecialDateKind.Birthday)!.Type);
        Assert.Equal(300, options.RuleFor(Tier.Gold, SpecialDateKind.Wedding)!.Points);
        Assert.Null(options.RuleFor(Tier.Bronze, SpecialDateKind.Wedding));
    }
}
