namespace Portal.Core.Tickets;

/// <summary>
/// Tells a file's type from its first bytes (its "magic number"), never from its name or declared content type:
/// a PNG called report.pdf is a PNG, and a program called photo.png is refused.
/// </summary>
public static class AttachmentSniffer
{
    public const int HeaderLength = 12;

    public static readonly IReadOnlyList<string> Allowed = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"];

    /// <summary>The detected content type, or null when it is none of <see cref="Allowed"/>.</summary>
    public static string? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8)) return "image/gif";
        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (header.StartsWith("%PDF-"u8)) return "application/pdf";
        return null;
    }

    /// <summary>
    /// Whether a file's name agrees with its detected type. A name without an extension says nothing; a name that
    /// claims another type (a PNG called scan.pdf, a program called photo.png) is refused, so nobody is misled.
    /// </summary>
    public static bool NameMatches(string? fileName, string contentType)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension.Length == 0 || extension switch
        {
            ".png" => contentType == "image/png",
            ".jpg" or ".jpeg" or ".jpe" or ".jfif" => contentType == "image/jpeg",
            ".gif" => contentType == "image/gif",
            ".webp" => contentType == "image/webp",
            ".pdf" => contentType == "application/pdf",
            _ => false,
        };
    }

    public static bool IsImage(string contentType) => contentType.StartsWith("image/", StringComparison.Ordinal);
}
