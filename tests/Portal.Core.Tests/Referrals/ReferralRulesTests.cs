using Portal.Core.Referrals;

namespace Portal.Core.Tests.Referrals;

public class ReferralRulesTests
{
    [Theory]
    [InlineData("Sara.Ahmed+promo@GMAIL.com", "saraahmed@gmail.com")]
    [InlineData("s.a.r.a.ahmed@googlemail.com", "saraahmed@gmail.com")]
    [InlineData("saraahmed@gmail.com", "saraahmed@gmail.com")]
    [InlineData("Sara.Ahmed+x@Example.com", "sara.ahmed@example.com")]
    [InlineData("  sara@example.com ", "sara@example.com")]
    public void Emails_are_normalised_by_case_and_for_Gmail_by_dots_and_tags(string typed, string expected) =>
        Assert.Equal(expected, EmailNormalizer.Normalize(typed));

    [Fact]
    public void Dots_matter_outside_Gmail() =>
        Assert.NotEqual(EmailNormalizer.Normalize("sara.ahmed@example.com"), EmailNormalizer.Normalize("saraahmed@example.com"));

    [Fact]
    public void Phones_compare_by_their_last_nine_digits() =>
        Assert.Equal(EmailNormalizer.NormalizePhone("+966 50 123 4567"), EmailNormalizer.NormalizePhone("050-123-4567"));

    [Theory]
    [InlineData("Sara Ahmed", "S*** A.")]
    [InlineData("sara", "S***")]
    [InlineData("Sara bint Ahmed", "S*** A.")]
    [InlineData("", "***")]
    public void Names_are_masked(string name, string expected) => Assert.Equal(expected, ReferralQueries.MaskName(name));

    [Fact]
    public void Emails_are_masked() => Assert.Equal("s***@gmail.com", ReferralQueries.MaskEmail("Sara.Ahmed@Gmail.com"));

    [Fact]
    public void Typed_codes_are_cleaned() => Assert.Equal("AB23CD45", ReferralProgram.Clean(" ab23-cd45 "));
}
