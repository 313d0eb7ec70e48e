using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;

namespace Portal.Core.Notifications.Push;

/// <summary>Configuration section "WebPush".</summary>
public sealed class WebPushOptions
{
    /// <summary>Who push services contact about this sender (RFC 8292): "mailto:…" or an https URL.</summary>
    public string Subject { get; set; } = "mailto:support@customerportal.example";

    /// <summary>
    /// The VAPID key pair, base64url (public: the 65-byte uncompressed P-256 point; private: the 32-byte scalar).
    /// Without them a pair is generated once and kept in the database.
    /// </summary>
    public string? PublicKey { get; set; }
    public string? PrivateKey { get; set; }

    /// <summary>How long a push service keeps a message for a browser that is offline.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Tests only: accept endpoints on 127.0.0.1 (the server posts to endpoints, so real ones must be push services).</summary>
    public bool AllowLoopbackEndpoints { get; set; }
}

public sealed record VapidKeyPair(string PublicKey, string PrivateKey)
{
    /// <summary>A new P-256 pair, base64url, as VAPID and the browser's applicationServerKey expect.</summary>
    public static VapidKeyPair Generate()
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var p = ecdh.ExportParameters(includePrivateParameters: true);
        return new VapidKeyPair(Base64Url.EncodeToString([0x04, .. p.Q.X!, .. p.Q.Y!]), Base64Url.EncodeToString(p.D!));
    }
}

/// <summary>The VAPID keys: configured, or generated on first use and stored so browsers' subscriptions stay valid.</summary>
public sealed class VapidKeys(WebPushOptions options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<VapidKeys> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VapidKeyPair? _keys;

    /// <param name="db">
    /// A request's own context, read through on first use: a request holds its connection, so with a second one for
    /// this read a burst of first requests as wide as the pool left every connection waiting for another (15 s, then
    /// errors, on PostgreSQL).
    /// </param>
    public async Task<VapidKeyPair> GetAsync(PortalDbContext? db = null, CancellationToken ct = default)
    {
        if (_keys is not null) return _keys;
        if (!string.IsNullOrWhiteSpace(options.PublicKey) && !string.IsNullOrWhiteSpace(options.PrivateKey))
            return _keys = new VapidKeyPair(options.PublicKey.Trim(), options.PrivateKey.Trim());
        await _gate.WaitAsync(ct);
        try
        {
            return _keys ??= db is null ? await LoadOrCreateInScopeAsync(ct) : await LoadOrCreateAsync(db, ct);
        }
        finally { _gate.Release(); }
    }

    private async Task<VapidKeyPair> LoadOrCreateInScopeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await LoadOrCreateAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), ct);
    }

    private async Task<VapidKeyPair> LoadOrCreateAsync(PortalDbContext db, CancellationToken ct)
    {
        var stored = await db.Set<PushVapidKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Id == 1, ct);
        if (stored is not null) return new VapidKeyPair(stored.PublicKey, stored.PrivateKey);
        var keys = VapidKeyPair.Generate();
        db.Add(new PushVapidKey { Id = 1, PublicKey = keys.PublicKey, PrivateKey = keys.PrivateKey, CreatedAtUtc = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            log.LogInformation("Generated a VAPID key pair for web push; set WebPush:PublicKey and WebPush:PrivateKey to choose your own");
            return keys;
        }
        catch (DbUpdateException)
        {
            // Another instance stored its pair first: use that one.
            db.ChangeTracker.Clear();
            var winner = await db.Set<PushVapidKey>().AsNoTracking().SingleAsync(k => k.Id == 1, ct);
            return new VapidKeyPair(winner.PublicKey, winner.PrivateKey);
        }
    }
}
