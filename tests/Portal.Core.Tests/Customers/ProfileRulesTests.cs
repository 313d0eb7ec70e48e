using Portal.Core.Customers;

namespace Portal.Core.Tests.Customers;

public class ProfileRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Theory]
    [InlineData("+966 50 123 4567", "+966 50 123 4567")]
    [InlineData("050-123-4567", "050-123-4567")]
    [InlineData("  0501234567 ", "0501234567")]
    [InlineData("٠٥٠١٢٣٤٥٦٧", "0501234567")]
    public void Plausible_phone_numbers_are_accepted_with_western_digits(string input, string expected)
    {
        Assert.True(ProfileRules.TryNormalizePhone(input, out var phone));
        Assert.Equal(expected, phone);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("123456789012345678901")]
    [InlineData("050 123 abc")]
    [InlineData("050+1234567")]
    [InlineData("+ - - - - -")]
    [InlineData("")]
    public void Implausible_phone_numbers_are_refused(string input) =>
        Assert.False(ProfileRules.TryNormalizePhone(input, out _));

    [Fact]
    public void A_birth_date_in_the_future_is_refused() =>
        Assert.False(ProfileRules.IsPlausibleBirthDate(Today.AddDays(1), Today));

    [Fact]
    public void A_birth_date_more_than_120_years_ago_is_refused()
    {
        Assert.False(ProfileRules.IsPlausibleBirthDate(Today.AddYears(-120).AddDays(-1), Today));
        Assert.True(ProfileRules.IsPlausibleBirthDate(Today.AddYears(-120), Today));
        Assert.True(ProfileRules.IsPlausibleBirthDate(Today, Today));
    }

    [Fact]
    public void Arabic_Indic_digits_in_codes_become_western_digits() =>
        Assert.Equal("123 456", ProfileRules.WesternDigits("١٢٣ ٤٥٦"));
}
