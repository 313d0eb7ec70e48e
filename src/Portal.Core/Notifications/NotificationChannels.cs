using Portal.Core.Customers;
using Portal.Core.Email;

namespace Portal.Core.Notifications;

/// <summary>One delivery ready to go out: the message, the customer and the delivery's stable id.</summary>
public sealed record OutgoingNotification(Notification Notification, NotificationDelivery Delivery, PortalUser Customer);

/// <summary>
/// Sends on one channel. Throwing means "try again later"; the delivery is retried with backoff under the same
/// <see cref="NotificationDelivery.MessageId"/>. A channel without an implementation gets no deliveries.
/// </summary>
public interface INotificationChannel
{
    NotificationChannel Channel { get; }
    Task SendAsync(OutgoingNotification message, CancellationToken ct);
}

/// <summary>
/// Renders a notification as an email in its language (right to left for Arabic, with a plain-text part) and adds
/// what its topic needs (one-click unsubscribe for marketing). Implemented by the web project, which has the
/// templates, strings and public URLs.
/// </summary>
public interface INotificationEmailRenderer
{
    EmailMessage Render(OutgoingNotification message);
}

/// <summary>Account mail whose content is made at send time (<see cref="Notification.Template"/>).</summary>
public interface IAccountEmailRenderer
{
    /// <summary>The email, or null when it no longer applies (the address was confirmed meanwhile).</summary>
    Task<EmailMessage?> RenderAsync(OutgoingNotification message, CancellationToken ct);

    /// <summary>Whether this renderer makes mail of <paramref name="template"/> (sections add their own templates).</summary>
    bool Handles(string template) => true;
}

/// <summary>Thrown by a channel for a delivery that must not go out after all; it is recorded as suppressed.</summary>
public sealed class DeliveryNotNeededException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}

public sealed class EmailChannel(IEmailSender sender, INotificationEmailRenderer renderer, IEnumerable<IAccountEmailRenderer> accountRenderers)
    : INotificationChannel
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task SendAsync(OutgoingNotification message, CancellationToken ct)
    {
        if (message.Notification.Template is null)
        {
            await sender.SendAsync(renderer.Render(message), ct);
            return;
        }
        var template = message.Notification.Template;
        var account = accountRenderers.FirstOrDefault(r => r.Handles(template)) ?? throw new InvalidOperationException($"No renderer for {template}.");
        var email = await account.RenderAsync(message, ct) ?? throw new DeliveryNotNeededException(DeliveryReasons.NoLongerNeeded);
        await sender.SendAsync(email, ct);
    }
}

/// <summary>Told when an in-app notification is stored (the web project pushes it to the bell over SignalR).</summary>
public interface IInAppNotificationListener
{
    Task DeliveredAsync(Notification notification, CancellationToken ct);
}

/// <summary>In-app: the notification is already stored in the inbox; sending it tells the customer's open pages.</summary>
public sealed class InAppChannel(IEnumerable<IInAppNotificationListener> listeners) : INotificationChannel
{
    public NotificationChannel Channel => NotificationChannel.InApp;

    public async Task SendAsync(OutgoingNotification message, CancellationToken ct)
    {
        foreach (var listener in listeners) await listener.DeliveredAsync(message.Notification, ct);
    }
}
