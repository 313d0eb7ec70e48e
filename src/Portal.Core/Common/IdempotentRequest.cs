using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Common;

/// <summary>
/// The first answer to an API call made with an Idempotency-Key, kept so a retry gets exactly that answer back.
/// The effect itself is made idempotent by the feature (order ids, redemption keys); this makes the reply so too.
/// </summary>
public class IdempotentRequest
{
    public long Id { get; set; }

    /// <summary>Who called: "user:&lt;id&gt;" or "key:&lt;id&gt;". Keys are per caller, never shared.</summary>
    public string Scope { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>SHA-256 of method, path and body: the same key with a different request is a client bug.</summary>
    public string Fingerprint { get; set; } = "";

    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string Body { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> request)
    {
        request.Property(r => r.Scope).HasMaxLength(80);
        request.Property(r => r.Key).HasMaxLength(100);
        request.Property(r => r.Fingerprint).HasMaxLength(64);
        request.Property(r => r.ContentType).HasMaxLength(100);
        request.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
        request.HasIndex(r => r.CreatedAtUtc);
    }
}
