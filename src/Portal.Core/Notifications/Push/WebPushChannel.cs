using System.Net;
using System.Text.Json;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using LibSubscription = Lib.Net.Http.WebPush.PushSubscription;

namespace Portal.Core.Notifications.Push;

/// <summary>What the service worker receives (sw.js reads these names).</summary>
public sealed record PushPayload(string Title, string Body, string Url, string Tag, string Lang);

/// <summary>Encrypts (aes128gcm, RFC 8291) and posts one message to one push service endpoint, signed with VAPID (RFC 8292).</summary>
public sealed class WebPushSender(VapidKeys keys, WebPushOptions options, HttpClient http)
{
    private readonly PushServiceClient _client = new(http) { AutoRetryAfter = false };
    private VapidAuthentication? _vapid;

    public async Task SendAsync(PushSubscription subscription, string payload, PushMessageUrgency urgency, CancellationToken ct)
    {
        var target = new LibSubscription { Endpoint = subscription.Endpoint };
        target.SetKey(PushEncryptionKeyName.P256DH, subscription.P256dh);
        target.SetKey(PushEncryptionKeyName.Auth, subscription.Auth);
        var message = new PushMessage(payload) { Urgency = urgency, TimeToLive = (int)options.TimeToLive.TotalSeconds };
        await _client.RequestPushMessageDeliveryAsync(target, message, await VapidAsync(ct), VapidAuthenticationScheme.Vapid, ct);
    }

    private async Task<VapidAuthentication> VapidAsync(CancellationToken ct)
    {
        if (_vapid is not null) return _vapid;
        var pair = await keys.GetAsync(ct: ct);
        return _vapid = new VapidAuthentication(pair.PublicKey, pair.PrivateKey) { Subject = options.Subject };
    }
}

/// <summary>
/// Web push to every browser the customer subscribed. A browser the push service no longer knows (404/410) is
/// removed; any other failure throws so the delivery is retried. A retry may reach a browser that already showed
/// it: the tag makes the repeat replace the first instead of showing twice.
/// </summary>
public sealed class WebPushChannel(PortalDbContext db, WebPushSender sender, TimeProvider clock, ILogger<WebPushChannel> log) : INotificationChannel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public NotificationChannel Channel => NotificationChannel.Push;

    public async Task SendAsync(OutgoingNotification message, CancellationToken ct)
    {
        var subscriptions = await db.Set<PushSubscription>().Where(s => s.CustomerId == message.Customer.Id).ToListAsync(ct);
        if (subscriptions.Count == 0) throw new DeliveryNotNeededException(DeliveryReasons.NoPushSubscription);

        var n = message.Notification;
        var payload = JsonSerializer.Serialize(new PushPayload(n.Title, n.Body, $"/notifications/open/{n.Id}", $"notification-{n.Id}", n.Language), Json);
        var urgency = NotificationTopics.IsCritical(n.Topic) ? PushMessageUrgency.High : PushMessageUrgency.Normal;
        var (sent, gone) = (0, 0);
        Exception? failure = null;
        foreach (var subscription in subscriptions)
        {
            try
            {
                await sender.SendAsync(subscription, payload, urgency, ct);
                subscription.LastSuccessAtUtc = clock.GetUtcNow().UtcDateTime;
                sent++;
            }
            catch (PushServiceClientException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                log.LogInformation("Push subscription {SubscriptionId} is gone ({Status}); removed", subscription.Id, (int)e.StatusCode);
                db.Remove(subscription);
                gone++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failure ??= e;
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        if (failure is PushServiceClientException p) throw new HttpRequestException($"Push service answered {(int)p.StatusCode}: {p.Message}", p, p.StatusCode);
        if (failure is not null) throw failure;
        if (sent == 0 && gone > 0) throw new DeliveryNotNeededException(DeliveryReasons.NoPushSubscription);
    }
}
