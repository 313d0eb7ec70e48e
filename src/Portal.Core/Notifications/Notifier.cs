using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Notifications;

/// <summary>Raised with every new notification; its handler wakes the delivery job.</summary>
public sealed record NotificationCreated(string UserId, long NotificationId) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>A message for one customer, already written in their language (<see cref="Language"/>).</summary>
/// <param name="SourceKey">What caused it, unique per customer ("ticket-reply:{eventId}"): a second call with it is ignored.</param>
/// <param name="OnlyChannels">When set, the channels it may go out on (a staff send's ticked channels); the others get no delivery.</param>
public sealed record NotificationRequest(string CustomerId, NotificationTopic Topic, string SourceKey, string Language,
    string Title, string Body, string? Link = null, IReadOnlySet<NotificationChannel>? OnlyChannels = null);

/// <summary>
/// Turns a request into a stored notification and one delivery per channel, each decided by the customer's choices
/// at this moment: sent now, held for quiet hours or a digest, or suppressed with the reason. Saves with the
/// caller's unit of work (an event handler's transaction) or by itself.
/// </summary>
public sealed class Notifier(PortalDbContext db, NotificationPreferences preferences, CustomerTimeZones zones, Outbox outbox,
    TimeProvider clock, IEnumerable<INotificationChannel> channels)
{
    /// <summary>The new notification, or null when <see cref="NotificationRequest.SourceKey"/> was already notified.</summary>
    public Task<Notification?> NotifyAsync(NotificationRequest request, CancellationToken ct = default) => CreateAsync(request, null, ct);

    /// <summary>
    /// Account mail (<see cref="AccountEmails"/>) and mail the customer asked for (a chat transcript): one email on the
    /// request's topic, sent whatever the settings and to the account's address even before it is confirmed, retried
    /// and recorded like every delivery. The template's renderer makes its content when it is sent.
    /// </summary>
    public Task<Notification?> AccountEmailAsync(NotificationRequest request, string template, CancellationToken ct = default) =>
        CreateAsync(request, template, ct);

    private async Task<Notification?> CreateAsync(NotificationRequest request, string? template, CancellationToken ct)
    {
        if (await db.Set<Notification>().AnyAsync(n => n.CustomerId == request.CustomerId && n.SourceKey == request.SourceKey, ct))
            return null;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.CustomerId, ct);
        if (user is null) return null;

        var now = clock.GetUtcNow().UtcDateTime;
        var settings = await preferences.ForAsync(request.CustomerId, ct);
        var notification = new Notification
        {
            CustomerId = request.CustomerId,
            Topic = request.Topic,
            SourceKey = request.SourceKey,
            Language = Languages.IsSupported(request.Language) ? request.Language : Languages.English,
            Title = Clip(request.Title, 200),
            Body = Clip(request.Body, 2000),
            Link = request.Link,
            Template = template,
            CreatedAtUtc = now,
        };
        var available = channels.Select(c => c.Channel).ToHashSet();
        var hasPush = available.Contains(NotificationChannel.Push)
            && await db.Set<Push.PushSubscription>().AnyAsync(s => s.CustomerId == request.CustomerId, ct);
        if (template is not null) available.IntersectWith([NotificationChannel.Email]);
        foreach (var channel in NotificationTopics.Channels.Where(c => available.Contains(c) && (request.OnlyChannels?.Contains(c) ?? true)))
        {
            var delivery = new NotificationDelivery
            {
                CustomerId = request.CustomerId,
                Topic = request.Topic,
                Channel = channel,
                MessageId = $"{Guid.NewGuid():N}@notifications.portal",
                CreatedAtUtc = now,
            };
            (delivery.Status, delivery.Reason, delivery.NextAttemptAtUtc) = template is not null
                ? (DeliveryStatus.Pending, null, now)
                : Plan(request.Topic, channel, settings, user, zones.For(user), now, hasPush);
            notification.Deliveries.Add(delivery);
        }
        // The event needs the notification's id: two saves, one transaction (the caller's when it has one).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Add(notification);
        await db.SaveChangesAsync(ct);
        outbox.Raise(new NotificationCreated(request.CustomerId, notification.Id));
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return notification;
    }

    /// <summary>What happens to a new delivery: the rules in one place, in the order they apply.</summary>
    public static (DeliveryStatus Status, string? Reason, DateTime? NextAttemptAtUtc) Plan(NotificationTopic topic, NotificationChannel channel,
        NotificationSettings settings, PortalUser user, TimeZoneInfo zone, DateTime utcNow, bool hasPushSubscription = false)
    {
        var critical = NotificationTopics.IsCritical(topic);
        if (!critical && !settings.IsEnabled(topic, channel)) return (DeliveryStatus.Suppressed, DeliveryReasons.Preference, null);
        if (channel == NotificationChannel.Email && (string.IsNullOrEmpty(user.Email) || !user.EmailConfirmed))
            return (DeliveryStatus.Suppressed, DeliveryReasons.NoConfirmedEmail, null);
        if (channel == NotificationChannel.Sms && (string.IsNullOrEmpty(user.PhoneNumber) || !user.PhoneNumberConfirmed))
            return (DeliveryStatus.Suppressed, DeliveryReasons.NoVerifiedPhone, null);
        if (channel == NotificationChannel.Push && !hasPushSubscription) return (DeliveryStatus.Suppressed, DeliveryReasons.NoPushSubscription, null);
        if (critical) return (DeliveryStatus.Pending, null, utcNow);
        if (NotificationTopics.CanDigest(channel) && settings[topic].Frequency != NotificationFrequency.Instant)
            return (DeliveryStatus.WaitingForDigest, null, null);
        if (NotificationTopics.RespectsQuietHours(channel) && settings.QuietHours?.EndsAfter(utcNow, zone) is { } quietEnd)
            return (DeliveryStatus.WaitingForQuietHours, null, quietEnd);
        return (DeliveryStatus.Pending, null, utcNow);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
