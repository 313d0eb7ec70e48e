using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Push;

namespace Portal.Core.Tests.Notifications;

public sealed class PushDeliveryTests : IAsyncLifetime
{
    private readonly TestPushService _service = new();
    private CoreDatabase _db = null!;

    public async Task InitializeAsync() =>
        _db = await CoreDatabase.CreateAsync(configure: s =>
        {
            s.AddNotifications();
            s.AddWebPush(new WebPushOptions { AllowLoopbackEndpoints = true, Subject = "mailto:push@customerportal.example" });
            s.Replace(ServiceDescriptor.Singleton<IEmailSender>(new RecordingEmailSender()));
            s.AddSingleton<INotificationEmailRenderer, NullRenderer>();
        });

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task A_push_reaches_the_browser_encrypted_for_its_keys_signed_with_vapid_and_in_the_customers_language()
    {
        var customer = await _db.AddPersonAsync("Layla Haddad");
        using var browser = new TestPushBrowser(_service.Endpoint("layla"));
        await SubscribeAsync(customer, browser);

        var notification = await NotifyAsync(customer, "ar", "وصل رد على تذكرتك", "افتحها لقراءة الرد.", "/support/tickets/7");
        await DispatchAsync();

        var push = Assert.Single(_service.Received);
        Assert.Equal("/push/layla", push.Path);
        Assert.Equal("aes128gcm", push.Headers["Content-Encoding"]);
        Assert.Equal("86400", push.Headers["TTL"]);
        var payload = JsonDocument.Parse(browser.Decrypt(push.Body)).RootElement;
        Assert.Equal("وصل رد على تذكرتك", payload.GetProperty("title").GetString());
        Assert.Equal("افتحها لقراءة الرد.", payload.GetProperty("body").GetString());
        Assert.Equal($"/notifications/open/{notification.Id}", payload.GetProperty("url").GetString());
        Assert.Equal($"notification-{notification.Id}", payload.GetProperty("tag").GetString());
        Assert.Equal("ar", payload.GetProperty("lang").GetString());

        var publicKey = (await _db.UseAsync<VapidKeys, VapidKeyPair>(k => k.GetAsync())).PublicKey;
        // The library signs for scheme://host (push services are on the default port).
        AssertVapid(push.Headers["Authorization"], publicKey, "http://127.0.0.1");

        var delivery = await DeliveryAsync(customer);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        var stored = Assert.Single(await SubscriptionsAsync(customer));
        Assert.Equal(_db.UtcNow, stored.LastSuccessAtUtc);
    }

    [Fact]
    public async Task A_browser_the_push_service_no_longer_knows_is_removed_and_the_others_still_get_the_message()
    {
        var customer = await _db.AddPersonAsync("Omar Said");
        using var phone = new TestPushBrowser(_service.Endpoint("phone"));
        using var laptop = new TestPushBrowser(_service.Endpoint("laptop"));
        await SubscribeAsync(customer, phone);
        await SubscribeAsync(customer, laptop);
        _service.Answers["/push/phone"] = 410;

        await NotifyAsync(customer, "en", "Your ticket has a reply", "Open it to read the reply.", "/support/tickets/1");
        await DispatchAsync();

        Assert.Equal(2, _service.Received.Count);
        Assert.Equal(DeliveryStatus.Sent, (await DeliveryAsync(customer)).Status);
        Assert.Equal(laptop.Endpoint, Assert.Single(await SubscriptionsAsync(customer)).Endpoint);
    }

    [Fact]
    public async Task When_the_only_browser_is_gone_the_delivery_is_suppressed_not_retried()
    {
        var customer = await _db.AddPersonAsync("Omar Said");
        using var browser = new TestPushBrowser(_service.Endpoint("old"));
        await SubscribeAsync(customer, browser);
        _service.Answers["/push/old"] = 404;

        await NotifyAsync(customer, "en", "Your ticket has a reply", "Open it.", null);
        await DispatchAsync();

        var delivery = await DeliveryAsync(customer);
        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.NoPushSubscription, (DateTime?)null), (delivery.Status, delivery.Reason, delivery.NextAttemptAtUtc));
        Assert.Empty(await SubscriptionsAsync(customer));
    }

    [Fact]
    public async Task A_push_service_error_keeps_the_browser_and_schedules_a_retry()
    {
        var customer = await _db.AddPersonAsync("Sara Ali");
        using var browser = new TestPushBrowser(_service.Endpoint("busy"));
        await SubscribeAsync(customer, browser);
        _service.Answers["/push/busy"] = 500;

        await NotifyAsync(customer, "en", "Your ticket has a reply", "Open it.", null);
        await DispatchAsync();

        var delivery = await DeliveryAsync(customer);
        Assert.Equal((DeliveryStatus.Pending, 1, _db.UtcNow + TimeSpan.FromMinutes(1)), (delivery.Status, delivery.Attempts, delivery.NextAttemptAtUtc));
        Assert.Contains("500", delivery.LastError);
        Assert.Single(await SubscriptionsAsync(customer));

        _service.Answers["/push/busy"] = 201;
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await DispatchAsync();
        Assert.Equal((DeliveryStatus.Sent, 2), ((await DeliveryAsync(customer)).Status, (await DeliveryAsync(customer)).Attempts));
        Assert.Equal(2, _service.Received.Count);
    }

    [Fact]
    public async Task Without_a_browser_a_push_is_suppressed_at_once_with_the_reason()
    {
        var customer = await _db.AddPersonAsync("Huda Noor");
        await _db.UseAsync<NotificationPreferences, int>(async p =>
        {
            await p.SetAsync(customer, NotificationTopic.Tickets, NotificationChannel.Push, true, "test");
            return 0;
        });

        await NotifyAsync(customer, "en", "Your ticket has a reply", "Open it.", null);

        var delivery = await DeliveryAsync(customer);
        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.NoPushSubscription), (delivery.Status, delivery.Reason));
        await DispatchAsync();
        Assert.Empty(_service.Received);
    }

    [Fact]
    public async Task The_first_browser_turns_push_on_for_undecided_service_topics_but_never_marketing()
    {
        var customer = await _db.AddPersonAsync("Huda Noor");
        await _db.UseAsync<NotificationPreferences, int>(async p =>
        {
            await p.SetAsync(customer, NotificationTopic.SpecialDates, NotificationChannel.Push, false, "test");
            return 0;
        });
        using var browser = new TestPushBrowser(_service.Endpoint("first"));

        var turnedOn = await SubscribeAsync(customer, browser);

        Assert.Equal([NotificationTopic.PointsRewards, NotificationTopic.Tickets], turnedOn);
        var settings = await _db.UseAsync<NotificationPreferences, NotificationSettings>(p => p.ForAsync(customer));
        Assert.False(settings.IsEnabled(NotificationTopic.Offers, NotificationChannel.Push));
        Assert.False(settings.IsEnabled(NotificationTopic.SpecialDates, NotificationChannel.Push));
        using var second = new TestPushBrowser(_service.Endpoint("second"));
        Assert.Empty(await SubscribeAsync(customer, second));
    }

    [Fact]
    public async Task A_customer_can_only_remove_their_own_browsers_and_a_browser_follows_whoever_subscribed_it_last()
    {
        var layla = await _db.AddPersonAsync("Layla Haddad");
        var omar = await _db.AddPersonAsync("Omar Said");
        using var shared = new TestPushBrowser(_service.Endpoint("shared"));
        await SubscribeAsync(layla, shared);
        var id = Assert.Single(await SubscriptionsAsync(layla)).Id;

        Assert.False(await _db.UseAsync<PushSubscriptions, bool>(s => s.RemoveAsync(omar, id)));
        Assert.False(await _db.UseAsync<PushSubscriptions, bool>(s => s.RemoveAsync(omar, shared.Endpoint)));
        Assert.Single(await SubscriptionsAsync(layla));

        await SubscribeAsync(omar, shared);
        Assert.Empty(await SubscriptionsAsync(layla));
        Assert.True(await _db.UseAsync<PushSubscriptions, bool>(s => s.RemoveAsync(omar, shared.Endpoint)));
    }

    [Theory]
    [InlineData("http://push.example.com/x")]
    [InlineData("https://10.0.0.5/x")]
    [InlineData("https://localhost/x")]
    [InlineData("https://user:pw@push.example.com/x")]
    [InlineData("not a url")]
    public void Endpoints_must_be_https_push_services(string endpoint) =>
        Assert.False(PushSubscriptions.IsAcceptableEndpoint(endpoint, allowLoopback: false));

    [Fact]
    public async Task Malformed_keys_and_foreign_endpoints_are_refused()
    {
        var customer = await _db.AddPersonAsync("Sara Ali");
        using var browser = new TestPushBrowser(_service.Endpoint("k"));

        var badKey = await _db.UseAsync<PushSubscriptions, PushSubscribeError?>(async s =>
            (await s.SubscribeAsync(customer, browser.Endpoint, browser.P256dh[..40], browser.Auth, null)).Error);
        var badEndpoint = await _db.UseAsync<PushSubscriptions, PushSubscribeError?>(async s =>
            (await s.SubscribeAsync(customer, "https://169.254.169.254/latest", browser.P256dh, browser.Auth, null)).Error);

        Assert.Equal(PushSubscribeError.InvalidKeys, badKey);
        Assert.Equal(PushSubscribeError.InvalidEndpoint, badEndpoint);
        Assert.True(PushSubscriptions.IsAcceptableEndpoint("https://fcm.googleapis.com/fcm/send/abc", allowLoopback: false));
        Assert.Empty(await SubscriptionsAsync(customer));
    }

    [Fact]
    public async Task Generated_vapid_keys_are_kept_and_configured_keys_win()
    {
        var first = await _db.UseAsync<VapidKeys, VapidKeyPair>(k => k.GetAsync());
        var again = await _db.UseAsync(sp => ActivatorUtilities.CreateInstance<VapidKeys>(sp).GetAsync());
        Assert.Equal(first, again);
        Assert.Equal(65, Base64Url.DecodeFromChars(first.PublicKey).Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(first.PrivateKey).Length);

        var configured = VapidKeyPair.Generate();
        var options = new WebPushOptions { PublicKey = configured.PublicKey, PrivateKey = configured.PrivateKey };
        var chosen = await _db.UseAsync(sp => ActivatorUtilities.CreateInstance<VapidKeys>(sp, options).GetAsync());
        Assert.Equal(configured, chosen);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome · Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari · iOS")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge · Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox · Linux")]
    [InlineData(null, "Browser")]
    public void A_browser_is_named_from_its_user_agent(string? userAgent, string label) => Assert.Equal(label, PushDeviceLabel.From(userAgent));

    /// <summary>RFC 8292: "vapid t=&lt;ES256 JWT for the push service's origin&gt;, k=&lt;public key&gt;", verifiable with that key.</summary>
    private static void AssertVapid(string header, string publicKey, string audience)
    {
        Assert.StartsWith("vapid ", header);
        var parts = header["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries).ToDictionary(p => p[..p.IndexOf('=')], p => p[(p.IndexOf('=') + 1)..]);
        Assert.Equal(publicKey, parts["k"]);
        var jwt = parts["t"].Split('.');
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1])).RootElement;
        Assert.Equal(audience, claims.GetProperty("aud").GetString());
        Assert.Equal("mailto:push@customerportal.example", claims.GetProperty("sub").GetString());
        var key = Base64Url.DecodeFromChars(publicKey);
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key[1..33], Y = key[33..] } });
        Assert.True(ecdsa.VerifyData(Encoding.ASCII.GetBytes(jwt[0] + "." + jwt[1]), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256));
    }

    private Task<IReadOnlyList<NotificationTopic>> SubscribeAsync(string customer, TestPushBrowser browser) =>
        _db.UseAsync(async sp =>
        {
            var (_, error, first) = await sp.GetRequiredService<PushSubscriptions>().SubscribeAsync(customer, browser.Endpoint, browser.P256dh, browser.Auth,
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
            Assert.Null(error);
            return first
                ? await PushTopics.TurnOnForFirstBrowserAsync(sp.GetRequiredService<NotificationPreferences>(), customer, "test")
                : (IReadOnlyList<NotificationTopic>)[];
        });

    private async Task<Notification> NotifyAsync(string customer, string language, string title, string body, string? link) =>
        (await _db.UseAsync<Notifier, Notification?>(n => n.NotifyAsync(
            new NotificationRequest(customer, NotificationTopic.Tickets, "test:" + Guid.NewGuid().ToString("N"), language, title, body, link))))!;

    private Task<int> DispatchAsync() => _db.UseAsync<NotificationDispatcher, int>(d => d.DispatchAsync(CancellationToken.None));

    private Task<NotificationDelivery> DeliveryAsync(string customer) =>
        _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<NotificationDelivery>().AsNoTracking()
            .SingleAsync(d => d.CustomerId == customer && d.Channel == NotificationChannel.Push));

    private Task<List<PushSubscription>> SubscriptionsAsync(string customer) =>
        _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PushSubscription>().AsNoTracking().Where(s => s.CustomerId == customer).ToListAsync());

    private sealed class NullRenderer : INotificationEmailRenderer
    {
        public EmailMessage Render(OutgoingNotification m) => new(m.Customer.Email!, m.Notification.Title, m.Notification.Body, m.Notification.Body, $"<{m.Delivery.MessageId}>");
    }
}
