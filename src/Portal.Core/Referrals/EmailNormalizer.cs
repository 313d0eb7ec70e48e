namespace Portal.Core.Referrals;

/// <summary>One mailbox, one address: case, and for Gmail-style domains dots and "+tags", do not make a new person.</summary>
public static class EmailNormalizer
{
    private static readonly HashSet<string> DotInsensitive = ["gmail.com", "googlemail.com"];

    public static string Normalize(string? email)
    {
        var trimmed = (email ?? "").Trim().ToLowerInvariant();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0) return trimmed;
        var (local, domain) = (trimmed[..at], trimmed[(at + 1)..]);
        var plus = local.IndexOf('+');
        if (plus >= 0) local = local[..plus];
        if (DotInsensitive.Contains(domain))
        {
            local = local.Replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    /// <summary>Digits only, and the last nine of them: "+966 50 123 4567" and "0501234567" are one phone.</summary>
    public static string? NormalizePhone(string? phone)
    {
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 6 ? null : digits.Length > 9 ? digits[^9..] : digits;
    }
}
