using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Portal.Core.Notifications;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>/hubs/notifications: tells a customer's open pages that a notification arrived. Each person hears only their own.</summary>
[Authorize]
public sealed class NotificationsHub(NotificationInbox inbox) : Hub
{
    public const string Path = "/hubs/notifications";

    /// <summary>The unread count, for a page that (re)connects and may have missed a message.</summary>
    public Task<int> Unread() => inbox.UnreadCountAsync(Context.User!.UserId(), Context.ConnectionAborted);
}

/// <summary>Sends a stored in-app notification to every open page of its customer (SignalR's user = the account id).</summary>
public sealed class BellBroadcaster(IHubContext<NotificationsHub> hub, NotificationInbox inbox) : IInAppNotificationListener
{
    public async Task DeliveredAsync(Notification notification, CancellationToken ct)
    {
        var unread = await inbox.UnreadCountAsync(notification.CustomerId, ct);
        await hub.Clients.User(notification.CustomerId).SendAsync("notification",
            new { id = notification.Id, title = notification.Title, body = notification.Body, link = notification.Link, unread }, ct);
    }
}
