using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

public class QuietHoursTests
{
    private static readonly QuietHours Night = new(new TimeOnly(22, 0), new TimeOnly(7, 0));
    private static readonly TimeZoneInfo Riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");

    private static DateTime RiyadhToUtc(int day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 12, day, hour, minute, 0, DateTimeKind.Unspecified), Riyadh);

    [Theory]
    [InlineData(21, 59, false)]
    [InlineData(22, 0, true)]
    [InlineData(23, 59, true)]
    [InlineData(0, 0, true)]
    [InlineData(6, 59, true)]
    [InlineData(7, 0, false)]
    [InlineData(12, 0, false)]
    public void A_window_across_midnight_holds_from_its_start_up_to_its_end(int hour, int minute, bool quiet) =>
        Assert.Equal(quiet, Night.Contains(new TimeOnly(hour, minute)));

    [Fact]
    public void A_window_within_one_day_holds_only_between_its_ends()
    {
        var lunch = new QuietHours(new TimeOnly(13, 0), new TimeOnly(14, 0));
        Assert.False(lunch.Contains(new TimeOnly(12, 59)));
        Assert.True(lunch.Contains(new TimeOnly(13, 0)));
        Assert.False(lunch.Contains(new TimeOnly(14, 0)));
    }

    [Fact]
    public void An_empty_window_is_never_quiet() =>
        Assert.False(new QuietHours(new TimeOnly(22, 0), new TimeOnly(22, 0)).Contains(new TimeOnly(22, 0)));

    [Fact]
    public void At_2159_in_Riyadh_nothing_waits() => Assert.Null(Night.EndsAfter(RiyadhToUtc(1, 21, 59), Riyadh));

    [Fact]
    public void At_2200_in_Riyadh_a_message_waits_until_0700_the_next_morning_local_time()
    {
        var end = Night.EndsAfter(RiyadhToUtc(1, 22, 0), Riyadh);
        Assert.Equal(RiyadhToUtc(2, 7, 0), end);
        Assert.Equal(new DateTime(2026, 12, 2, 4, 0, 0, DateTimeKind.Utc), end);
    }

    [Fact]
    public void After_midnight_the_wait_ends_the_same_morning() =>
        Assert.Equal(RiyadhToUtc(2, 7, 0), Night.EndsAfter(RiyadhToUtc(2, 3, 30), Riyadh));

    [Fact]
    public void The_window_follows_the_customers_own_zone_not_the_servers()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        // 22:00 in Riyadh is 19:00 in London: quiet for one, not the other.
        var utc = RiyadhToUtc(1, 22, 0);
        Assert.NotNull(Night.EndsAfter(utc, Riyadh));
        Assert.Null(Night.EndsAfter(utc, london));
    }
}
