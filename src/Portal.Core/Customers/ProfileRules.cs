using Portal.Core.Common;

namespace Portal.Core.Customers;

/// <summary>What a customer may tell us about themselves: shared by registration and profile editing.</summary>
public static class ProfileRules
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxAgeYears = 120;
    public const int MinPhoneLength = 7;
    public const int MaxPhoneLength = 20;
    private const int MinPhoneDigits = 6;

    /// <summary>Not in the future and not more than <see cref="MaxAgeYears"/> years ago.</summary>
    public static bool IsPlausibleBirthDate(DateOnly birthDate, DateOnly today) =>
        birthDate <= today && birthDate >= today.AddYears(-MaxAgeYears);

    /// <summary>
    /// Digits (Western or Arabic-Indic), spaces, dashes and one leading +, 7–20 characters in all.
    /// Gives the number back trimmed and with Western digits, which is what is stored.
    /// </summary>
    public static bool TryNormalizePhone(string? input, out string phone)
    {
        phone = "";
        var trimmed = input?.Trim() ?? "";
        if (trimmed.Length is < MinPhoneLength or > MaxPhoneLength) return false;
        var chars = new char[trimmed.Length];
        var digits = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            var d = Digits.Value(c);
            if (d >= 0)
            {
                chars[i] = (char)('0' + d);
                digits++;
            }
            else if (c is ' ' or '-' || (c == '+' && i == 0)) chars[i] = c;
            else return false;
        }
        if (digits < MinPhoneDigits) return false;
        phone = new string(chars);
        return true;
    }

    /// <summary>Arabic-Indic digits become Western ones (one-time codes typed on an Arabic keyboard); other characters are kept.</summary>
    public static string WesternDigits(string input) =>
        string.Create(input.Length, input, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
                span[i] = Digits.Value(s[i]) is var d and >= 0 ? (char)('0' + d) : s[i];
        });
}
