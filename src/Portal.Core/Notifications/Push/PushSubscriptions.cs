using System.Buffers.Text;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Notifications.Push;

/// <summary>
/// One browser (or installed app) that receives a customer's web push: the push service's endpoint and the keys the
/// browser made for it (RFC 8291). The endpoint identifies the browser; it belongs to whoever subscribed it last.
/// </summary>
public class PushSubscription
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public string Endpoint { get; set; } = "";

    /// <summary>The browser's P-256 public key, base64url (65 bytes uncompressed).</summary>
    public string P256dh { get; set; } = "";

    /// <summary>The 16-byte authentication secret, base64url.</summary>
    public string Auth { get; set; } = "";

    /// <summary>"Firefox · Android", read from the User-Agent, so the customer recognises it in the list.</summary>
    public string Label { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastSuccessAtUtc { get; set; }
}

/// <summary>The key pair generated when none is configured, kept so subscriptions survive restarts (one row).</summary>
public class PushVapidKey
{
    public int Id { get; set; }
    public string PublicKey { get; set; } = "";
    public string PrivateKey { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class PushSubscriptionConfiguration : IEntityTypeConfiguration<PushSubscription>
{
    public void Configure(EntityTypeBuilder<PushSubscription> subscription)
    {
        subscription.ToTable("PushSubscriptions");
        subscription.Property(s => s.CustomerId).HasMaxLength(64);
        subscription.Property(s => s.Endpoint).HasMaxLength(PushSubscriptions.MaxEndpointLength);
        subscription.Property(s => s.P256dh).HasMaxLength(100);
        subscription.Property(s => s.Auth).HasMaxLength(50);
        subscription.Property(s => s.Label).HasMaxLength(80);
        subscription.HasIndex(s => s.Endpoint).IsUnique();
        subscription.HasIndex(s => s.CustomerId);
        subscription.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushVapidKeyConfiguration : IEntityTypeConfiguration<PushVapidKey>
{
    public void Configure(EntityTypeBuilder<PushVapidKey> key)
    {
        key.ToTable("PushVapidKeys");
        key.Property(k => k.Id).ValueGeneratedNever();
        key.Property(k => k.PublicKey).HasMaxLength(100);
        key.Property(k => k.PrivateKey).HasMaxLength(100);
    }
}

public sealed record PushDevice(long Id, string Endpoint, string Label, DateTime CreatedAtUtc, DateTime? LastSuccessAtUtc);

public enum PushSubscribeError { InvalidEndpoint, InvalidKeys }

/// <summary>A customer's push subscriptions: every read and change is scoped to the customer it is for.</summary>
public sealed class PushSubscriptions(PortalDbContext db, WebPushOptions options, TimeProvider clock)
{
    public const int MaxEndpointLength = 1000;

    // /notifications lists the devices on every visit: compiled once.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<PushDevice>>> DevicesOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId) => db.Set<PushSubscription>().AsNoTracking()
            .Where(s => s.CustomerId == customerId).OrderByDescending(s => s.Id)
            .Select(s => new PushDevice(s.Id, s.Endpoint, s.Label, s.CreatedAtUtc, s.LastSuccessAtUtc))));

    /// <summary>The VAPID public key browsers subscribe with, read through this context on first use (see <see cref="VapidKeys.GetAsync"/>).</summary>
    public async Task<string> PublicKeyAsync(VapidKeys keys, CancellationToken ct = default) => (await keys.GetAsync(db, ct)).PublicKey;

    public async Task<List<PushDevice>> ListAsync(string customerId, CancellationToken ct = default) =>
        await DevicesOf.For(db)(db, customerId).ToListAsync(ct);

    public Task<bool> AnyAsync(string customerId, CancellationToken ct = default) =>
        db.Set<PushSubscription>().AnyAsync(s => s.CustomerId == customerId, ct);

    /// <summary>
    /// Adds the browser, or updates it when the endpoint is known (new keys, or another account signed in on the same
    /// browser: the browser has one subscription per site, so it now belongs to this customer).
    /// </summary>
    public async Task<(PushDevice? Device, PushSubscribeError? Error, bool First)> SubscribeAsync(string customerId, string? endpoint, string? p256dh,
        string? auth, string? userAgent, CancellationToken ct = default)
    {
        if (!IsAcceptableEndpoint(endpoint, options.AllowLoopbackEndpoints)) return (null, PushSubscribeError.InvalidEndpoint, false);
        if (!IsKey(p256dh, 65, 0x04) || !IsKey(auth, 16)) return (null, PushSubscribeError.InvalidKeys, false);
        var first = !await AnyAsync(customerId, ct);
        var row = await db.Set<PushSubscription>().SingleOrDefaultAsync(s => s.Endpoint == endpoint, ct);
        if (row is null) db.Add(row = new PushSubscription { Endpoint = endpoint!, CreatedAtUtc = clock.GetUtcNow().UtcDateTime });
        else if (row.CustomerId != customerId) row.CreatedAtUtc = clock.GetUtcNow().UtcDateTime;
        (row.CustomerId, row.P256dh, row.Auth, row.Label) = (customerId, p256dh!, auth!, PushDeviceLabel.From(userAgent));
        await db.SaveChangesAsync(ct);
        return (new PushDevice(row.Id, row.Endpoint, row.Label, row.CreatedAtUtc, row.LastSuccessAtUtc), null, first);
    }

    /// <summary>False when the customer has no such subscription (including another customer's).</summary>
    public async Task<bool> RemoveAsync(string customerId, long id, CancellationToken ct = default) =>
        await db.Set<PushSubscription>().Where(s => s.Id == id && s.CustomerId == customerId).ExecuteDeleteAsync(ct) > 0;

    public async Task<bool> RemoveAsync(string customerId, string? endpoint, CancellationToken ct = default) =>
        endpoint is not null && await db.Set<PushSubscription>().Where(s => s.Endpoint == endpoint && s.CustomerId == customerId).ExecuteDeleteAsync(ct) > 0;

    /// <summary>
    /// The server posts to this URL, so it must look like a push service: https, a host name (no IP literal, no
    /// localhost), unless loopback is allowed (tests point it at a local listener).
    /// </summary>
    public static bool IsAcceptableEndpoint(string? endpoint, bool allowLoopback)
    {
        if (endpoint is null || endpoint.Length > MaxEndpointLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) return false;
        if (!string.IsNullOrEmpty(uri.UserInfo)) return false;
        var loopback = uri.IsLoopback;
        if (allowLoopback && loopback && uri.Scheme is "http" or "https") return true;
        return uri.Scheme == Uri.UriSchemeHttps && uri.HostNameType == UriHostNameType.Dns && !loopback
            && !uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) && uri.Host.Contains('.') && !IPAddress.TryParse(uri.Host, out _);
    }

    private static bool IsKey(string? value, int length, byte? first = null)
    {
        if (value is null || value.Length > 100) return false;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(value.Length)];
        return Base64Url.TryDecodeFromChars(value.TrimEnd('='), bytes, out var written) && written == length && (first is null || bytes[0] == first);
    }
}

/// <summary>A short, readable name for a browser from its User-Agent: "Chrome · Android", "Safari · iOS".</summary>
public static class PushDeviceLabel
{
    public static string From(string? userAgent)
    {
        var ua = userAgent ?? "";
        string? browser =
            ua.Contains("Edg/") || ua.Contains("EdgA/") || ua.Contains("EdgiOS/") ? "Edge"
            : ua.Contains("OPR/") || ua.Contains("Opera") ? "Opera"
            : ua.Contains("SamsungBrowser/") ? "Samsung Internet"
            : ua.Contains("Firefox/") || ua.Contains("FxiOS/") ? "Firefox"
            : ua.Contains("Chrome/") || ua.Contains("CriOS/") || ua.Contains("Chromium/") ? "Chrome"
            : ua.Contains("Safari/") ? "Safari"
            : null;
        string? system =
            ua.Contains("Android") ? "Android"
            : ua.Contains("iPhone") || ua.Contains("iPad") || ua.Contains("iPod") ? "iOS"
            : ua.Contains("CrOS") ? "ChromeOS"
            : ua.Contains("Windows") ? "Windows"
            : ua.Contains("Mac OS X") || ua.Contains("Macintosh") ? "macOS"
            : ua.Contains("Linux") ? "Linux"
            : null;
        var label = (browser, system) switch
        {
            (null, null) => "Browser",
            (null, { } s) => s,
            ({ } b, null) => b,
            ({ } b, { } s) => $"{b} · {s}",
        };
        return label.Length > 80 ? label[..80] : label;
    }
}

/// <summary>What enabling push on a browser means for the customer's choices.</summary>
public static class PushTopics
{
    /// <summary>
    /// The first browser a customer enables turns push on for the service topics they have not decided about yet
    /// (push starts off because it needs a browser first). Marketing stays off until they opt in.
    /// </summary>
    public static async Task<IReadOnlyList<NotificationTopic>> TurnOnForFirstBrowserAsync(NotificationPreferences preferences, string customerId,
        string source, CancellationToken ct = default)
    {
        var settings = await preferences.ForAsync(customerId, ct);
        var topics = settings.Topics
            .Where(t => !t.IsCritical && !t.IsMarketing && t[NotificationChannel.Push] is { IsDefault: true, Enabled: false })
            .Select(t => t.Topic).ToList();
        foreach (var topic in topics) await preferences.SetAsync(customerId, topic, NotificationChannel.Push, true, source, ct);
        return topics;
    }
}
