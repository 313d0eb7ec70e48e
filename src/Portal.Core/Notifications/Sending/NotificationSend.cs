using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Segments;

namespace Portal.Core.Notifications.Sending;

public enum SendAudienceKind { Customer, Segment }

public enum NotificationSendStatus { Queued, Completed }

/// <summary>
/// A message staff (or a system with an integration key) sent to one customer or a segment: who, when, what, to whom,
/// on which channels, and the counts planned at confirmation. It is also the audit record of the send. Recipients are
/// notified in batches by <see cref="NotificationSendJob"/>, each once (source key "staff-send:{Id}").
/// </summary>
public class NotificationSend
{
    public long Id { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The staff member's account, or null for an integration key.</summary>
    public string? SentByUserId { get; set; }
    public string SentByName { get; set; } = "";

    /// <summary>"page", "api" (a staff token) or "key" (an integration key).</summary>
    public string Via { get; set; } = "";

    public SendAudienceKind AudienceKind { get; set; }

    /// <summary>For one customer: the account id and the Customer ID staff typed.</summary>
    public string? CustomerId { get; set; }
    public string? CustomerNumber { get; set; }
    public Segment? Segment { get; set; }

    public NotificationTopic Topic { get; set; }

    /// <summary>The ticked channels, comma-separated names ("Email,InApp").</summary>
    public string Channels { get; set; } = "";

    public string TitleEn { get; set; } = "";
    public string BodyEn { get; set; } = "";
    public string TitleAr { get; set; } = "";
    public string BodyAr { get; set; } = "";
    public string? Link { get; set; }

    /// <summary>Scope and key ("user:{id}:{key}", "key:{id}:{key}", "page:{guid}"): the same key never sends twice.</summary>
    public string? IdempotencyKey { get; set; }

    public NotificationSendStatus Status { get; set; }
    public int PlannedRecipients { get; set; }
    public int PlannedEmail { get; set; }
    public int PlannedSms { get; set; }
    public int PlannedPush { get; set; }
    public int PlannedInApp { get; set; }

    /// <summary>Channel deliveries a preference turns off.</summary>
    public int PlannedSuppressed { get; set; }

    /// <summary>Notifications created so far, and the last account id handled (batches go in id order).</summary>
    public int Notified { get; set; }
    public string? Cursor { get; set; }
    public DateTime? CompletedAtUtc { get; set; }

    public string SourceKey => SourceKeyFor(Id);

    public static string SourceKeyFor(long sendId) => $"staff-send:{sendId}";

    public IReadOnlySet<NotificationChannel> ChannelSet =>
        Channels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => Enum.TryParse<NotificationChannel>(c, out var v) ? (NotificationChannel?)v : null)
            .OfType<NotificationChannel>().ToHashSet();

    public (string Title, string Body) Text(string language) => language == Customers.Languages.Arabic ? (TitleAr, BodyAr) : (TitleEn, BodyEn);
}

internal sealed class NotificationSendConfiguration : IEntityTypeConfiguration<NotificationSend>
{
    public void Configure(EntityTypeBuilder<NotificationSend> send)
    {
        send.Property(s => s.SentByUserId).HasMaxLength(64);
        send.Property(s => s.SentByName).HasMaxLength(100);
        send.Property(s => s.Via).HasMaxLength(8);
        send.Property(s => s.AudienceKind).HasConversion<string>().HasMaxLength(16);
        send.Property(s => s.CustomerId).HasMaxLength(64);
        send.Property(s => s.CustomerNumber).HasMaxLength(16);
        send.Property(s => s.Segment).HasConversion<string>().HasMaxLength(16);
        send.Property(s => s.Channels).HasMaxLength(40);
        send.Property(s => s.TitleEn).HasMaxLength(SendRules.MaxTitleLength);
        send.Property(s => s.TitleAr).HasMaxLength(SendRules.MaxTitleLength);
        send.Property(s => s.BodyEn).HasMaxLength(SendRules.MaxBodyLength);
        send.Property(s => s.BodyAr).HasMaxLength(SendRules.MaxBodyLength);
        send.Property(s => s.Link).HasMaxLength(SendRules.MaxLinkLength);
        send.Property(s => s.IdempotencyKey).HasMaxLength(160);
        send.HasIndex(s => s.IdempotencyKey).IsUnique();
        send.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        send.HasIndex(s => new { s.Status, s.Id });
        send.Property(s => s.Cursor).HasMaxLength(64);
        send.Ignore(s => s.ChannelSet);
        send.Ignore(s => s.SourceKey);
    }
}
