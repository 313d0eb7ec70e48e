using System.Text;

namespace Portal.Core.Common;

/// <summary>
/// Cleans text people type before it is stored: characters that change how text around them is shown without
/// being seen themselves are removed. Bidirectional overrides and isolates (U+202A–202E, U+2066–2069) can make
/// "gnp.exe" read as "exe.png" or reorder a name in a list; zero-width characters and marks (U+200B–200F, U+061C,
/// U+FEFF) make look-alike names and subjects; control characters (C0, DEL, C1) have no business in text.
/// </summary>
public static class UserText
{
    /// <summary>For names, subjects, file names and other one-line text: line and paragraph breaks and tabs become spaces; trimmed.</summary>
    public static string SingleLine(string? text) => Clean(text, singleLine: true).Trim();

    /// <summary>For messages and descriptions: keeps line breaks and tabs (U+2028/2029 become "\n").</summary>
    public static string MultiLine(string? text) => Clean(text, singleLine: false);

    /// <summary>True for the invisible formatting characters this removes (not for controls or line breaks).</summary>
    public static bool IsInvisibleFormatting(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or (>= '\u200B' and <= '\u200F') or '\uFEFF' or '\u061C';

    /// <summary>True when <see cref="MultiLine"/> would change the text.</summary>
    public static bool NeedsCleaning(string? text) => text is not null && text.Any(c => Changes(c, singleLine: false));

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085';

    private static bool IsControl(char c) => c < ' ' || c is >= '\u007F' and <= '\u009F';

    private static bool Changes(char c, bool singleLine) =>
        IsInvisibleFormatting(c) || c is '\u2028' or '\u2029' or '\u0085'
        || (IsControl(c) && (singleLine || c is not ('\n' or '\r' or '\t')));

    private static string Clean(string? text, bool singleLine)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.Any(c => Changes(c, singleLine))) return text;
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsInvisibleFormatting(c)) continue;
            if (singleLine && (IsLineBreak(c) || c == '\t')) clean.Append(' ');
            else if (!singleLine && c is '\u2028' or '\u2029' or '\u0085') clean.Append('\n');
            else if (IsControl(c) && (singleLine || c is not ('\n' or '\r' or '\t'))) continue;
            else clean.Append(c);
        }
        return clean.ToString();
    }
}
