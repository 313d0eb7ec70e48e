using Portal.Core.Customers;

namespace Portal.Core.Notifications.Sms;

/// <summary>Phone numbers in E.164 ("+966501234567"), the form gateways expect and verification stores.</summary>
public static class PhoneNumbers
{
    /// <summary>
    /// Accepts what <see cref="ProfileRules.TryNormalizePhone"/> accepts, then: "+" or "00" starts an international
    /// number; a leading 0 is the national trunk prefix of <paramref name="defaultCountryCode"/>; other numbers
    /// without a country code get it. E.164 allows at most 15 digits.
    /// </summary>
    public static bool TryNormalizeE164(string? input, string defaultCountryCode, out string e164)
    {
        e164 = "";
        if (!ProfileRules.TryNormalizePhone(input, out var phone)) return false;
        var international = phone.StartsWith('+');
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (!international)
        {
            if (digits.StartsWith("00", StringComparison.Ordinal)) digits = digits[2..];
            else if (digits.StartsWith('0')) digits = defaultCountryCode + digits[1..];
            else if (!(digits.StartsWith(defaultCountryCode, StringComparison.Ordinal) && digits.Length >= 11)) digits = defaultCountryCode + digits;
        }
        if (digits.Length is < 8 or > 15 || digits[0] == '0') return false;
        e164 = "+" + digits;
        return true;
    }

    /// <summary>"+966•••••4567": enough to recognise one's own number, not enough to read it off a screen.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        var keepEnd = phone.Length >= 10 ? 4 : 2;
        var keepStart = Math.Min(4, Math.Max(0, phone.Length - keepEnd - 3));
        return phone[..keepStart] + new string('•', phone.Length - keepStart - keepEnd) + phone[^keepEnd..];
    }
}
