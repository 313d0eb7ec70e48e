namespace Portal.Core.Common;

/// <summary>CLDR plural categories.</summary>
public enum PluralCategory { Zero, One, Two, Few, Many, Other }

/// <summary>
/// CLDR cardinal plural rules for the portal's languages, for whole numbers
/// (points, days, tickets). Arabic uses all six categories.
/// </summary>
public static class PluralRules
{
    public static PluralCategory Select(string language, long n)
    {
        var abs = Math.Abs(n);
        return language switch
        {
            "ar" => Arabic(abs),
            _ => abs == 1 ? PluralCategory.One : PluralCategory.Other,
        };
    }

    /// <summary>The categories a language's resource entries must cover.</summary>
    public static IReadOnlyList<PluralCategory> CategoriesOf(string language) => language switch
    {
        "ar" => [PluralCategory.Zero, PluralCategory.One, PluralCategory.Two, PluralCategory.Few, PluralCategory.Many, PluralCategory.Other],
        _ => [PluralCategory.One, PluralCategory.Other],
    };

    private static PluralCategory Arabic(long n)
    {
        var mod100 = n % 100;
        return n switch
        {
            0 => PluralCategory.Zero,
            1 => PluralCategory.One,
            2 => PluralCategory.Two,
            _ when mod100 is >= 3 and <= 10 => PluralCategory.Few,
            _ when mod100 is >= 11 and <= 99 => PluralCategory.Many,
            _ => PluralCategory.Other,
        };
    }
}
