using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Data;

namespace Portal.Core.Loyalty;

/// <summary>What a key may do; stored space-separated on <see cref="IntegrationKey.Permissions"/>.</summary>
public static class IntegrationPermissions
{
    /// <summary>Record purchases and refunds (every key made before permissions existed has this, and only this).</summary>
    public const string Purchases = "purchases";

    /// <summary>Send notifications to customers or segments (POST /api/customer-id/notifications/send).</summary>
    public const string NotificationsSend = "notifications:send";

    public static readonly IReadOnlyList<string> All = [Purchases, NotificationsSend];

    public static IReadOnlyList<string> Parse(string? stored) =>
        (stored ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(All.Contains).Distinct().ToList();
}

/// <summary>A shop's, till's or system's key for the API. Only a hash of the secret is stored.</summary>
public class IntegrationKey
{
    public long Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The public part of the key, shown in lists so staff can tell keys apart.</summary>
    public string Prefix { get; set; } = "";

    public string SecretHash { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedByName { get; set; } = "";
    public DateTime? RevokedAtUtc { get; set; }
    public string? RevokedByName { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }

    /// <summary>Space-separated <see cref="IntegrationPermissions"/>.</summary>
    public string Permissions { get; set; } = IntegrationPermissions.Purchases;

    public IReadOnlyList<string> PermissionList => IntegrationPermissions.Parse(Permissions);

    public bool IsRevoked => RevokedAtUtc is not null;
}

internal sealed class IntegrationKeyConfiguration : IEntityTypeConfiguration<IntegrationKey>
{
    public void Configure(EntityTypeBuilder<IntegrationKey> key)
    {
        key.Property(k => k.Name).HasMaxLength(IntegrationKeys.MaxNameLength);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.HasIndex(k => k.Prefix).IsUnique();
        key.Property(k => k.SecretHash).HasMaxLength(64);
        key.Property(k => k.CreatedByName).HasMaxLength(100);
        key.Property(k => k.RevokedByName).HasMaxLength(100);
        key.Ignore(k => k.IsRevoked);
        key.Ignore(k => k.PermissionList);
        // Keys made before permissions existed keep what they could do: purchases only.
        key.Property(k => k.Permissions).HasMaxLength(200).HasDefaultValue(IntegrationPermissions.Purchases);
    }
}

/// <summary>
/// Keys look like <c>cpk_&lt;prefix&gt;_&lt;secret&gt;</c>. The secret has 192 random bits, so a plain SHA-256 is
/// enough (no password stretching needed), and the prefix finds the row without scanning.
/// </summary>
public sealed class IntegrationKeys(PortalDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 80;
    private const string Scheme = "cpk_";

    /// <summary>A new key; without <paramref name="permissions"/> it may record purchases. Null for a bad name or no permission.</summary>
    public async Task<(IntegrationKey Key, string Secret)?> CreateAsync(string name, string actorName, CancellationToken ct = default,
        IEnumerable<string>? permissions = null)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxNameLength) return null;
        var granted = IntegrationPermissions.All.Where((permissions ?? [IntegrationPermissions.Purchases]).Contains).ToList();
        if (granted.Count == 0) return null;
        var prefix = Base62(6);
        var secret = Base62(32);
        var key = new IntegrationKey
        {
            Name = name, Prefix = prefix, SecretHash = Hash(secret),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime, CreatedByName = actorName, Permissions = string.Join(' ', granted),
        };
        db.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, $"{Scheme}{prefix}_{secret}");
    }

    public async Task<IReadOnlyList<IntegrationKey>> AllAsync(CancellationToken ct = default) =>
        await db.Set<IntegrationKey>().AsNoTracking().OrderBy(k => k.RevokedAtUtc != null).ThenByDescending(k => k.Id).ToListAsync(ct);

    public async Task<bool> RevokeAsync(long id, string actorName, CancellationToken ct = default) =>
        await db.Set<IntegrationKey>().Where(k => k.Id == id && k.RevokedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAtUtc, clock.GetUtcNow().UtcDateTime).SetProperty(k => k.RevokedByName, actorName), ct) == 1;

    /// <summary>The live key this text is, or null.</summary>
    public async Task<IntegrationKey?> AuthenticateAsync(string? presented, CancellationToken ct = default)
    {
        if (presented is null || !presented.StartsWith(Scheme, StringComparison.Ordinal)) return null;
        var parts = presented[Scheme.Length..].Split('_');
        if (parts.Length != 2 || parts[0].Length != 6) return null;
        var key = await db.Set<IntegrationKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == parts[0], ct);
        if (key is null || key.IsRevoked) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretHash), Encoding.ASCII.GetBytes(Hash(parts[1])))) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        // "Last used" is for people; once a minute is precise enough and keeps busy tills from writing on every call.
        if (key.LastUsedAtUtc is null || key.LastUsedAtUtc < now.AddMinutes(-1))
            await db.Set<IntegrationKey>().Where(k => k.Id == key.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAtUtc, now), ct);
        return key;
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base62(int length) =>
        RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", length);
}
