using System.Globalization;

namespace Portal.Core.Common;

/// <summary>An amount in integer minor units (halalas for SAR) with its ISO 4217 currency code.</summary>
public readonly record struct Money(long Minor, string Currency)
{
    public const string DefaultCurrency = "SAR";

    public static Money Zero(string currency = DefaultCurrency) => new(0, currency);

    public static Money Of(long minor, string currency = DefaultCurrency) => new(minor, currency);

    /// <summary>Minor units per major unit (2 decimals for most currencies, 3 for the dinars).</summary>
    public int Exponent => CurrencyExponent(Currency);

    /// <summary>Whole major units, rounded down (what loyalty earning counts).</summary>
    public long WholeUnits => Minor / Pow10(Exponent);

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor), SameCurrency(a, b));

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor), SameCurrency(a, b));

    /// <summary>Formats for the culture: grouping and decimal separators from it, the currency's symbol for that language.</summary>
    public string Format(CultureInfo culture)
    {
        var exponent = Exponent;
        var major = (decimal)Minor / Pow10(exponent);
        var number = major.ToString("N" + exponent, culture);
        var symbol = CurrencySymbol(Currency, culture);
        return culture.TextInfo.IsRightToLeft ? $"{number} {symbol}" : $"{symbol} {number}";
    }

    public override string ToString() => Format(CultureInfo.InvariantCulture);

    public static int CurrencyExponent(string currency) => currency switch
    {
        "BHD" or "KWD" or "OMR" or "JOD" or "IQD" or "LYD" or "TND" => 3,
        "JPY" or "KRW" => 0,
        _ => 2,
    };

    public static string CurrencySymbol(string currency, CultureInfo culture) =>
        (currency, culture.TwoLetterISOLanguageName) switch
        {
            ("SAR", "ar") => "ر.س",
            ("AED", "ar") => "د.إ",
            ("USD", _) => "$",
            ("EUR", _) => "€",
            _ => currency,
        };

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++) result *= 10;
        return result;
    }

    private static string SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new InvalidOperationException($"Cannot combine {a.Currency} with {b.Currency}.");
}
