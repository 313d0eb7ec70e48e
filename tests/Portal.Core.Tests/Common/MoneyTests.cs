using System.Globalization;
using Portal.Core.Common;

namespace Portal.Core.Tests.Common;

public class MoneyTests
{
    [Fact]
    public void Whole_units_round_down_from_minor_units()
    {
        Assert.Equal(123, Money.Of(12_399).WholeUnits);
        Assert.Equal(1, Money.Of(1_999, "KWD").WholeUnits);
        Assert.Equal(500, Money.Of(500, "JPY").WholeUnits);
    }

    [Fact]
    public void Adding_and_subtracting_keeps_minor_units_exact()
    {
        var sum = Money.Of(10) + Money.Of(20);
        Assert.Equal(Money.Of(30), sum);
        Assert.Equal(Money.Of(-10), Money.Of(10) - Money.Of(20));
        Assert.Equal(Money.Zero(), Money.Of(5) - Money.Of(5));
    }

    [Fact]
    public void Different_currencies_do_not_mix() =>
        Assert.Throws<InvalidOperationException>(() => Money.Of(1, "SAR") + Money.Of(1, "USD"));

    [Fact]
    public void Formats_for_English_with_the_code_first()
    {
        Assert.Equal("SAR 1,234.50", Money.Of(123_450).Format(new CultureInfo("en")));
        Assert.Equal("KWD 1.250", Money.Of(1_250, "KWD").Format(new CultureInfo("en")));
        Assert.Equal("$ 0.99", Money.Of(99, "USD").Format(new CultureInfo("en")));
    }

    [Fact]
    public void Formats_for_Arabic_with_the_Arabic_symbol_after_the_number()
    {
        var text = Money.Of(123_450).Format(new CultureInfo("ar"));
        Assert.EndsWith("ر.س", text);
        Assert.Contains("234", text);
    }

    [Fact]
    public void Invariant_text_is_stable_for_logs() => Assert.Equal("SAR 12.00", Money.Of(1_200).ToString());

    [Theory]
    [InlineData("AED", "ar", "د.إ")]
    [InlineData("EUR", "en", "€")]
    [InlineData("EUR", "ar", "€")]
    [InlineData("GBP", "en", "GBP")]
    public void Each_currency_shows_its_symbol_for_the_language(string currency, string language, string symbol) =>
        Assert.Equal(symbol, Money.CurrencySymbol(currency, new CultureInfo(language)));
}
