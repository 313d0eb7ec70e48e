using Portal.Core.Customers;

namespace Portal.Shell;

public static class OneTimeCodes
{
    /// <summary>An authenticator code as people type or paste it: spaces and dashes dropped, Arabic-Indic digits made Western.</summary>
    // An empty field binds as null: it is an empty code (refused as wrong), not a crash.
    public static string CleanAuthenticatorCode(string? code) => Compact(ProfileRules.WesternDigits(code ?? ""));

    /// <summary>Identity stores recovery codes as XXXXX-XXXXX in capitals; accept them typed in lower case or without the dash.</summary>
    public static string CleanRecoveryCode(string? code)
    {
        var compact = Compact(code ?? "").ToUpperInvariant();
        return compact.Length == 10 ? $"{compact[..5]}-{compact[5..]}" : compact;
    }

    private static string Compact(string code) =>
        string.Concat(code.Where(c => !char.IsWhiteSpace(c) && c != '-'));
}
