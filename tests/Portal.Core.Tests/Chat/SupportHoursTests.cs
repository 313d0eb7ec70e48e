using Portal.Core.Chat;

namespace Portal.Core.Tests.Chat;

public class SupportHoursTests
{
    private static readonly SupportHours Weekdays = new()
    {
        TimeZone = "Asia/Riyadh",
        Days = new()
        {
            [DayOfWeek.Sunday] = new OpeningHours { Open = new TimeOnly(9, 0), Close = new TimeOnly(17, 0) },
            [DayOfWeek.Monday] = new OpeningHours { Open = new TimeOnly(9, 0), Close = new TimeOnly(17, 0) },
        },
    };

    [Fact]
    public void Without_a_schedule_chat_is_always_open() =>
        Assert.True(new SupportHours().IsOpen(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("2026-11-23T06:00:00Z", true)]   // Monday 09:00 in Riyadh (UTC+3)
    [InlineData("2026-11-23T05:59:00Z", false)]  // 08:59
    [InlineData("2026-11-23T14:00:00Z", false)]  // 17:00: closed
    [InlineData("2026-11-24T10:00:00Z", false)]  // Tuesday: not listed
    public void Opening_hours_are_read_in_the_configured_time_zone(string utc, bool open) =>
        Assert.Equal(open, Weekdays.IsOpen(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
}
