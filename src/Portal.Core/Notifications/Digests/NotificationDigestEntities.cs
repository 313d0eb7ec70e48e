using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Customers;

namespace Portal.Core.Notifications.Digests;

public enum DigestStatus { Pending, Sent, Failed, Suppressed }

/// <summary>
/// One digest email: a customer's waiting emails of one topic for one period. Created in the transaction that
/// claims its deliveries, with its Message-ID fixed then, and unique per customer, topic and period, so two runs
/// never send two digests for the same period and a repeat after a crash is recognisably the same message.
/// </summary>
public class NotificationDigest
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public NotificationTopic Topic { get; set; }
    public NotificationFrequency Frequency { get; set; }

    /// <summary>The customer's local date of the send slot the digest belongs to (for weekly: the weekday's date).</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>When the period's slot came, in UTC: deliveries created up to it are gathered.</summary>
    public DateTime SlotUtc { get; set; }

    public string MessageId { get; set; } = "";
    public DigestStatus Status { get; set; }
    public string? Reason { get; set; }
    public int ItemCount { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? NextAttemptAtUtc { get; set; }
    public DateTime? LastAttemptAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public string? LastError { get; set; }

    public List<NotificationDigestItem> Items { get; set; } = [];
}

/// <summary>A delivery gathered into a digest; a delivery is in at most one digest.</summary>
public class NotificationDigestItem
{
    public long DigestId { get; set; }
    public NotificationDigest Digest { get; set; } = null!;
    public long DeliveryId { get; set; }
    public NotificationDelivery Delivery { get; set; } = null!;
}

internal sealed class NotificationDigestConfiguration : IEntityTypeConfiguration<NotificationDigest>
{
    public void Configure(EntityTypeBuilder<NotificationDigest> digest)
    {
        digest.Property(d => d.CustomerId).HasMaxLength(64);
        digest.Property(d => d.MessageId).HasMaxLength(100);
        digest.Property(d => d.Reason).HasMaxLength(32);
        digest.Property(d => d.LastError).HasMaxLength(500);
        digest.HasIndex(d => new { d.CustomerId, d.Topic, d.PeriodStart }).IsUnique();
        digest.HasIndex(d => d.MessageId).IsUnique();
        digest.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
        digest.HasOne<PortalUser>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDigestItemConfiguration : IEntityTypeConfiguration<NotificationDigestItem>
{
    public void Configure(EntityTypeBuilder<NotificationDigestItem> item)
    {
        item.HasKey(i => new { i.DigestId, i.DeliveryId });
        item.HasIndex(i => i.DeliveryId).IsUnique();
        item.HasOne(i => i.Digest).WithMany(d => d.Items).HasForeignKey(i => i.DigestId).OnDelete(DeleteBehavior.Cascade);
        item.HasOne(i => i.Delivery).WithMany().HasForeignKey(i => i.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
