namespace Portal.Core.Common;

/// <summary>
/// The digits people type: Western, Arabic-Indic and Extended Arabic-Indic (Persian/Urdu keyboards).
/// Not <see cref="char.IsDigit(char)"/>, which also accepts other scripts we cannot read back.
/// </summary>
internal static class Digits
{
    /// <summary>The digit's value 0–9, or -1 when <paramref name="c"/> is not one of our digits.</summary>
    public static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '\u0660' and <= '\u0669' => c - '\u0660',
        >= '\u06F0' and <= '\u06F9' => c - '\u06F0',
        _ => -1,
    };
}
