using System.Collections.Frozen;

namespace Portal.Core.Customers;

/// <summary>
/// NIST SP 800-63B: 8–128 characters, no composition rules, but not a password attackers try first and not one
/// built from the account's own email address.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>
    /// Shorter local parts ("al@…", "jo@…") are too likely to turn up by chance inside a good password, so refusing
    /// them would reject strong passwords for no gain.
    /// </summary>
    public const int MinLocalPartLength = 3;

    // SecLists' 10-million-password-list-top-10000 (MIT), one per line, shipped in the assembly: no network needed.
    private static readonly Lazy<FrozenSet<string>> Common = new(() =>
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Portal.Core.Customers.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(10_000);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) words.Add(line);
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });

    /// <summary>How many passwords the shipped list holds.</summary>
    public static int CommonPasswordCount => Common.Value.Count;

    /// <summary>True when the password is on the list, whatever its letter case ("PASSWORD", "Dragon").</summary>
    public static bool IsCommon(string password) => Common.Value.Contains(password);

    /// <summary>
    /// True when the password contains the email's local part (or, for "name+tag@…", the part before the +),
    /// compared without letter case. Local parts shorter than <see cref="MinLocalPartLength"/> are ignored.
    /// </summary>
    public static bool ContainsEmailName(string password, string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        var at = email.LastIndexOf('@');
        var local = (at > 0 ? email[..at] : email).Trim();
        var plus = local.IndexOf('+');
        foreach (var part in plus > 0 ? [local, local[..plus]] : new[] { local })
            if (part.Length >= MinLocalPartLength && password.Contains(part, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
