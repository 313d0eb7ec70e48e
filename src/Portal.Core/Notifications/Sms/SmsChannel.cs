namespace Portal.Core.Notifications.Sms;

/// <summary>Turns a notification's path ("/tickets/12") into an absolute URL; provided by the web project.</summary>
public interface ISmsLinks
{
    string Absolute(string path);
}

/// <summary>
/// SMS: the title and a short body in the language the notification was written in, plus the link when the host can
/// make it absolute. The delivery's <see cref="NotificationDelivery.MessageId"/> is the provider's idempotency key,
/// so a retry after a crash is the same message. <see cref="Notifier.Plan"/> only lets verified phones through.
/// </summary>
public sealed class SmsChannel(ISmsGateway gateway, IEnumerable<ISmsLinks> links) : INotificationChannel
{
    public const int MaxLength = 300;

    public NotificationChannel Channel => NotificationChannel.Sms;

    public Task SendAsync(OutgoingNotification message, CancellationToken ct)
    {
        var customer = message.Customer;
        // Unverified since it was planned (the number changed): never text someone else; suppressed, not retried.
        if (!customer.PhoneNumberConfirmed || string.IsNullOrEmpty(customer.PhoneNumber))
            throw new DeliveryNotNeededException(DeliveryReasons.NoVerifiedPhone);
        var n = message.Notification;
        var link = n.Link is { Length: > 0 } path && links.FirstOrDefault() is { } resolver ? resolver.Absolute(path) : null;
        return gateway.SendAsync(customer.PhoneNumber, Compose(n.Title, n.Body, link), message.Delivery.MessageId, ct);
    }

    /// <summary>"Title\nBody link", clipped with an ellipsis to <see cref="MaxLength"/> characters; the link is kept whole.</summary>
    public static string Compose(string title, string body, string? link, int max = MaxLength)
    {
        if (link is not null && link.Length > max / 2) link = null;
        var budget = max - (link is null ? 0 : link.Length + 1);
        var text = string.IsNullOrWhiteSpace(body) ? title.Trim() : $"{title.Trim()}\n{body.Trim()}";
        if (text.Length > budget) text = text[..(budget - 1)].TrimEnd() + "…";
        return link is null ? text : $"{text}\n{link}";
    }
}
