using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Customers;

namespace Portal.Core.Notifications;

/// <summary>A customer's own choice for one topic on one channel; without a row the topic's default applies.</summary>
public class NotificationPreference
{
    public string CustomerId { get; set; } = "";
    public NotificationTopic Topic { get; set; }
    public NotificationChannel Channel { get; set; }
    public bool Enabled { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>For marketing: when and where the customer last opted in ("settings", "api", "signup")…</summary>
    public DateTime? ConsentAtUtc { get; set; }
    public string? ConsentSource { get; set; }

    /// <summary>…and when and where they withdrew it ("settings", "unsubscribe-link").</summary>
    public DateTime? WithdrawnAtUtc { get; set; }
    public string? WithdrawnSource { get; set; }
}

/// <summary>A customer's frequency for one topic; without a row it is instant.</summary>
public class NotificationTopicSetting
{
    public string CustomerId { get; set; } = "";
    public NotificationTopic Topic { get; set; }
    public NotificationFrequency Frequency { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A customer's quiet hours (local time, <see cref="CustomerTimeZones"/>); no row means none.</summary>
public class NotificationQuietHours
{
    public string CustomerId { get; set; } = "";
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public QuietHours Window => new(Start, End);
}

/// <summary>One message to one customer, rendered once in their language; its deliveries carry it per channel.</summary>
public class Notification
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public NotificationTopic Topic { get; set; }

    /// <summary>What caused it ("ticket-reply:{eventId}"): unique per customer, so a cause notifies once.</summary>
    public string SourceKey { get; set; } = "";

    /// <summary>"en" or "ar": the language <see cref="Title"/> and <see cref="Body"/> are written in.</summary>
    public string Language { get; set; } = Languages.English;
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>A path in the portal ("/support/tickets/12") the message opens.</summary>
    public string? Link { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>
    /// Set for account mail (<see cref="AccountEmails"/>): its link carries a one-time secret, so the email is made
    /// at send time by the template's renderer and the secret is never stored.
    /// </summary>
    public string? Template { get; set; }

    /// <summary>When the customer read it in the inbox (in-app).</summary>
    public DateTime? ReadAtUtc { get; set; }

    public List<NotificationDelivery> Deliveries { get; set; } = [];
}

/// <summary>A notification on one channel: its status, the attempts made and the id every attempt reuses.</summary>
public class NotificationDelivery
{
    public long Id { get; set; }
    public long NotificationId { get; set; }
    public Notification Notification { get; set; } = null!;

    /// <summary>Copied from the notification so a customer's history is one indexed read.</summary>
    public string CustomerId { get; set; } = "";
    public NotificationTopic Topic { get; set; }
    public NotificationChannel Channel { get; set; }
    public DeliveryStatus Status { get; set; }

    /// <summary>A <see cref="DeliveryReasons"/> code when suppressed or failed.</summary>
    public string? Reason { get; set; }

    /// <summary>
    /// The Message-ID / provider idempotency key, fixed when the delivery is created: a repeat after a crash
    /// between sending and recording is recognisably the same message.
    /// </summary>
    public string MessageId { get; set; } = "";

    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When it is next due (Pending, waiting for quiet hours), or the end of the lease of an attempt under way.</summary>
    public DateTime? NextAttemptAtUtc { get; set; }
    public DateTime? LastAttemptAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public string? LastError { get; set; }
}

/// <summary>How one attempt at a delivery ended; none recorded means the process stopped during it.</summary>
public enum AttemptOutcome { Sent, Failed, Suppressed }

/// <summary>One try at sending a delivery, written when it starts and completed when it ends: the delivery's log.</summary>
public class NotificationDeliveryAttempt
{
    public const int DetailLength = 500;

    public long Id { get; set; }
    public long DeliveryId { get; set; }

    /// <summary>Copied from the delivery, so the customer's history, export and erasure find attempts by customer.</summary>
    public string CustomerId { get; set; } = "";

    /// <summary>1 for the first try; a repeat after a crash is the next number with the same Message-ID.</summary>
    public int Number { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public int? DurationMs { get; set; }
    public AttemptOutcome? Outcome { get; set; }

    /// <summary>The error or the provider's answer, trimmed. It may quote an address, so it goes with the account.</summary>
    public string? Detail { get; set; }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> preference)
    {
        preference.HasKey(p => new { p.CustomerId, p.Topic, p.Channel });
        preference.Property(p => p.CustomerId).HasMaxLength(64);
        preference.Property(p => p.ConsentSource).HasMaxLength(32);
        preference.Property(p => p.WithdrawnSource).HasMaxLength(32);
        preference.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationTopicSettingConfiguration : IEntityTypeConfiguration<NotificationTopicSetting>
{
    public void Configure(EntityTypeBuilder<NotificationTopicSetting> setting)
    {
        setting.HasKey(s => new { s.CustomerId, s.Topic });
        setting.Property(s => s.CustomerId).HasMaxLength(64);
        setting.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationQuietHoursConfiguration : IEntityTypeConfiguration<NotificationQuietHours>
{
    public void Configure(EntityTypeBuilder<NotificationQuietHours> quiet)
    {
        quiet.HasKey(q => q.CustomerId);
        quiet.Property(q => q.CustomerId).HasMaxLength(64);
        quiet.Ignore(q => q.Window);
        quiet.HasOne<PortalUser>().WithMany().HasForeignKey(q => q.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.CustomerId).HasMaxLength(64);
        notification.Property(n => n.SourceKey).HasMaxLength(128);
        notification.Property(n => n.Language).HasMaxLength(5);
        notification.Property(n => n.Title).HasMaxLength(200);
        notification.Property(n => n.Body).HasMaxLength(2000);
        notification.Property(n => n.Link).HasMaxLength(300);
        notification.Property(n => n.Template).HasMaxLength(40);
        notification.HasIndex(n => new { n.CustomerId, n.SourceKey }).IsUnique();
        notification.HasIndex(n => new { n.CustomerId, n.ReadAtUtc });
        notification.HasOne<PortalUser>().WithMany().HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Cascade);
        notification.HasMany(n => n.Deliveries).WithOne(d => d.Notification).HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> delivery)
    {
        delivery.Property(d => d.CustomerId).HasMaxLength(64);
        delivery.Property(d => d.Reason).HasMaxLength(32);
        delivery.Property(d => d.MessageId).HasMaxLength(100);
        delivery.Property(d => d.LastError).HasMaxLength(500);
        delivery.HasIndex(d => new { d.NotificationId, d.Channel }).IsUnique();
        delivery.HasIndex(d => d.MessageId).IsUnique();
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
        delivery.HasIndex(d => new { d.CustomerId, d.Id });
    }
}

internal sealed class NotificationDeliveryAttemptConfiguration : IEntityTypeConfiguration<NotificationDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<NotificationDeliveryAttempt> attempt)
    {
        attempt.Property(a => a.CustomerId).HasMaxLength(64);
        attempt.Property(a => a.Detail).HasMaxLength(NotificationDeliveryAttempt.DetailLength);
        attempt.HasOne<NotificationDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        attempt.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
        attempt.HasIndex(a => a.CustomerId);
    }
}
