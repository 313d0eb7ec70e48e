using System.Globalization;

namespace Portal.Core.Security;

/// <summary>
/// The country of a request, as a trusted proxy or CDN tells it in a header (Cloudflare's CF-IPCountry, or one the
/// proxy sets from its own GeoIP database): the portal itself looks nothing up.
/// </summary>
public static class Countries
{
    /// <summary>
    /// An ISO 3166 two-letter code in upper case, or null for anything else: no header, "XX" (unknown), "T1" (Tor) and
    /// codes .NET does not know as a region.
    /// </summary>
    public static string? Normalize(string? value)
    {
        var code = value?.Trim().ToUpperInvariant();
        if (code is not { Length: 2 } || !code.All(char.IsAsciiLetterUpper) || code is "XX" or "ZZ" || Name(code) is null) return null;
        return code;
    }

    /// <summary>The header named by <see cref="FraudOptions.CountryHeader"/>; null when none is configured or sent.</summary>
    public static string? FromHeader(FraudOptions options, Func<string, string?> header) =>
        string.IsNullOrWhiteSpace(options.CountryHeader) ? null : Normalize(header(options.CountryHeader));

    /// <summary>The country's name in the current UI language ("Saudi Arabia", "السعودية"), or null for an unknown code.</summary>
    public static string? Name(string code)
    {
        // RegionInfo.DisplayName is cached per region in whatever language asked first; the native name of the region
        // in a culture of the reader's language ("ar-US" → "الولايات المتحدة") is not.
        try { _ = new RegionInfo(code); }
        catch (ArgumentException) { return null; }
        try { return new RegionInfo($"{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}-{code}").NativeName; }
        catch (ArgumentException) { return new RegionInfo(code).EnglishName; }
    }
}
