using Portal.Core.Customers;

namespace Portal.Core.Tests.Customers;

public class CustomerTimeZonesTests
{
    private static readonly DateTimeOffset LateEveningUtc = new(2026, 3, 14, 22, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_customer_without_a_zone_lives_in_the_business_zone()
    {
        var zones = new CustomerTimeZones(new BusinessOptions());
        // 22:30 UTC is already the next day in Riyadh (UTC+3).
        Assert.Equal(new DateOnly(2026, 3, 15), zones.LocalToday(new PortalUser(), LateEveningUtc));
    }

    [Fact]
    public void A_customers_own_zone_wins_and_an_unknown_one_falls_back()
    {
        var zones = new CustomerTimeZones(new BusinessOptions { TimeZone = "Asia/Riyadh" });
        Assert.Equal(new DateOnly(2026, 3, 14), zones.LocalToday(new PortalUser { TimeZoneId = "America/New_York" }, LateEveningUtc));
        Assert.Equal(new DateOnly(2026, 3, 15), zones.LocalToday(new PortalUser { TimeZoneId = "Mars/Olympus" }, LateEveningUtc));
        Assert.False(CustomerTimeZones.IsValid("Mars/Olympus"));
        Assert.True(CustomerTimeZones.IsValid("Europe/London"));
    }
}
