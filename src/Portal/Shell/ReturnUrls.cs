using System.Text;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Common;

namespace Portal.Shell;

public static class ReturnUrls
{
    private const int MaxLength = 2048;

    /// <summary>The return URL when it stays on this site, else the home page: never an open redirect.</summary>
    public static string LocalOrHome(this IUrlHelper url, string? returnUrl) => LocalPath(returnUrl) ?? "/";

    /// <summary>
    /// <paramref name="url"/> as a path on this site ready for a Location header, or null. Only "/…" paths count
    /// ("//host" and "/\host" are other sites to a browser). Control and invisible formatting characters make it
    /// null: in a link someone was sent they are a trick, not a destination. Other non-ASCII (an Arabic search term)
    /// is percent-encoded, since a header can carry ASCII only.
    /// </summary>
    public static string? LocalPath(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/') return null;
        if (url.Length > 1 && url[1] is '/' or '\\') return null;
        var path = new StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value < 0x20 || rune.Value is >= 0x7F and <= 0x9F) return null;
            if (rune.IsBmp && UserText.IsInvisibleFormatting((char)rune.Value)) return null;
            if (rune.Value is > 0x20 and < 0x7F) path.Append((char)rune.Value);
            else
                foreach (var b in utf8[..rune.EncodeToUtf8(utf8)]) path.Append('%').Append(b.ToString("X2"));
        }
        return path.ToString();
    }
}
