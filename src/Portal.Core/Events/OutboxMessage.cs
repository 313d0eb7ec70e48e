using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Events;

/// <summary>One raised event, saved with the business change; its Id is the global delivery order.</summary>
public sealed class OutboxMessage
{
    public long Id { get; private set; }
    public Guid EventId { get; internal set; }

    /// <summary>The event's stable name (the record's name), resolved by <see cref="DomainEventTypes"/>.</summary>
    public string Type { get; internal set; } = "";

    public string Payload { get; internal set; } = "";
    public string StreamKey { get; internal set; } = "";

    /// <summary>
    /// <see cref="StreamKey"/> for the kinds read per stream (sign-ins, security changes, redemptions…), null for those
    /// marked <see cref="NotLookedUpByStreamAttribute"/>. Per-customer reads filter on this column, which is indexed.
    /// </summary>
    public string? StreamLookupKey { get; internal set; }
    public DateTime OccurredAtUtc { get; internal set; }

    /// <summary>Failed deliveries so far.</summary>
    public int Attempts { get; internal set; }

    public DateTime? NextAttemptAtUtc { get; internal set; }
    public string? LastError { get; internal set; }
    public DateTime? ProcessedAtUtc { get; internal set; }
    public DateTime? DeadLetteredAtUtc { get; internal set; }

    public bool IsPending => ProcessedAtUtc is null && DeadLetteredAtUtc is null;
}

/// <summary>"This handler has dealt with this event": written in the handler's own transaction.</summary>
public sealed class HandledEvent
{
    public Guid EventId { get; internal set; }
    public string Handler { get; internal set; } = "";
    public DateTime HandledAtUtc { get; internal set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public const int MaxErrorLength = 2000;

    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("OutboxMessages");
        message.HasIndex(m => m.EventId).IsUnique();
        message.Property(m => m.Type).HasMaxLength(200);
        message.Property(m => m.StreamKey).HasMaxLength(200);
        message.Property(m => m.StreamLookupKey).HasMaxLength(200);
        message.Property(m => m.LastError).HasMaxLength(MaxErrorLength);
        message.Ignore(m => m.IsPending);
        // The dispatcher's scan: pending messages in Id order. Partial, so delivered history does not slow it down
        // (same SQL on SQLite and PostgreSQL).
        message.HasIndex(m => m.Id, "IX_OutboxMessages_Pending")
            .HasFilter("\"ProcessedAtUtc\" IS NULL AND \"DeadLetteredAtUtc\" IS NULL");
        message.HasIndex(m => m.DeadLetteredAtUtc);
        // One customer's events of one kind over time (e.g. sign-ins for the engagement score), without a scan; only
        // the kinds read that way (a query on StreamLookupKey = x implies the filter on both databases).
        message.HasIndex(m => new { m.StreamLookupKey, m.Type, m.OccurredAtUtc }).HasFilter("\"StreamLookupKey\" IS NOT NULL");
        // Failed deliveries by stream (erasure clears their errors); small, as failures are rare.
        message.HasIndex(m => m.StreamKey, "IX_OutboxMessages_StreamKey_Failed").HasFilter("\"LastError\" IS NOT NULL");
    }
}

internal sealed class HandledEventConfiguration : IEntityTypeConfiguration<HandledEvent>
{
    public void Configure(EntityTypeBuilder<HandledEvent> handled)
    {
        handled.ToTable("HandledEvents");
        handled.HasKey(h => new { h.EventId, h.Handler });
        handled.Property(h => h.Handler).HasMaxLength(300);
    }
}
