using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Push;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

public class PushPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    [Fact]
    public async Task The_section_offers_push_for_this_browser_with_the_servers_key_and_lists_none_yet()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var page = await browser.GetDocumentAsync("/notifications");

        var section = page.GetElementById("push-section")!;
        var key = await factory.WithServiceAsync<VapidKeyPair, VapidKeys>(k => k.GetAsync());
        Assert.Equal(key.PublicKey, section.GetAttribute("data-push-key"));
        Assert.Equal("Notifications on this browser", page.GetElementById("push-title")!.TextContent);
        Assert.Equal("Turn on for this browser", page.GetElementById("push-toggle")!.TextContent);
        Assert.Equal("None yet.", page.GetElementById("push-devices-empty")!.TextContent);
        Assert.NotNull(page.GetElementById("channel-Push"));
        // push.js runs from the bundle every page loads (build-assets.mjs).
        var bundle = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).Single(s => s.StartsWith("/dist/portal.js"));
        Assert.Contains("push-section", await browser.Http.GetStringAsync(bundle));
    }

    [Fact]
    public async Task The_section_speaks_arabic()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var page = await browser.GetDocumentAsync("/notifications?culture=ar");

        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("الإشعارات على هذا المتصفح", page.GetElementById("push-title")!.TextContent);
        Assert.Equal("تفعيل على هذا المتصفح", page.GetElementById("push-toggle")!.TextContent);
        Assert.Equal("محظورة: إعدادات هذا المتصفح لا تسمح بإشعارات هذا الموقع. اسمح بها من هناك ثم حاول مرة أخرى.",
            page.GetElementById("push-section")!.GetAttribute("data-text-blocked"));
    }

    [Fact]
    public async Task Turning_push_on_saves_this_browser_turns_on_its_topics_and_remove_takes_it_off()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        var page = await browser.GetDocumentAsync("/notifications");
        var token = page.QuerySelector("body")!.GetAttribute("hx-headers")!.Split('"')[3];
        var endpoint = "https://push.example.com/send/" + Guid.NewGuid().ToString("N");

        var subscribe = await PostAsync(browser, "Subscribe", token,
            [new("endpoint", endpoint), new("p256dh", BrowserKey()), new("auth", Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)))]);

        Assert.Equal(HttpStatusCode.OK, subscribe.StatusCode);
        var section = await PortalClient.ParseAsync(subscribe);
        Assert.Equal("Notifications are on for this browser.", section.GetElementById("push-message")!.TextContent);
        Assert.Equal("PointsRewards SpecialDates Tickets", section.GetElementById("push-section")!.GetAttribute("data-turned-on"));
        var item = section.QuerySelector("#push-devices li")!;
        Assert.Equal(endpoint, item.GetAttribute("data-endpoint"));
        Assert.Equal("Firefox · Linux", item.QuerySelector("[data-role=label]")!.TextContent);
        var reloaded = await browser.GetDocumentAsync("/notifications");
        Assert.True(reloaded.GetElementById("pref-Tickets-Push")!.HasAttribute("checked"));
        Assert.False(reloaded.GetElementById("pref-Offers-Push")!.HasAttribute("checked"));

        var id = item.Id!["push-device-".Length..];
        var remove = await PostAsync(browser, "Remove", token, [new("id", id)]);
        var after = await PortalClient.ParseAsync(remove);
        Assert.Equal("That browser no longer gets notifications.", after.GetElementById("push-message")!.TextContent);
        Assert.NotNull(after.GetElementById("push-devices-empty"));
        Assert.Empty(await factory.WithServiceAsync<List<PushDevice>, PushSubscriptions>(s => s.ListAsync(customer.Id)));
    }

    [Fact]
    public async Task A_subscription_without_the_antiforgery_token_or_with_a_foreign_address_is_refused()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        var page = await browser.GetDocumentAsync("/notifications");
        var token = page.QuerySelector("body")!.GetAttribute("hx-headers")!.Split('"')[3];
        var auth = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

        var forged = await PostAsync(browser, "Subscribe", null, [new("endpoint", "https://push.example.com/x"), new("p256dh", BrowserKey()), new("auth", auth)]);
        var internalAddress = await PostAsync(browser, "Subscribe", token, [new("endpoint", "https://169.254.169.254/x"), new("p256dh", BrowserKey()), new("auth", auth)]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var section = await PortalClient.ParseAsync(internalAddress);
        Assert.Equal("This browser could not be set up for notifications. Try again later.", section.GetElementById("push-message")!.TextContent);
        Assert.Empty(await factory.WithServiceAsync<List<PushDevice>, PushSubscriptions>(s => s.ListAsync(customer.Id)));
    }

    [Fact]
    public async Task The_service_worker_is_served_at_the_root()
    {
        using var browser = factory.NewClient();
        var response = await browser.Http.GetAsync("/sw.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("notificationclick", await response.Content.ReadAsStringAsync());
    }

    internal static string BrowserKey()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]);
    }

    private static Task<HttpResponseMessage> PostAsync(PortalClient browser, string handler, string? token, KeyValuePair<string, string>[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notifications/push?handler=" + handler) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.UserAgent.ParseAdd(Firefox);
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        return browser.Http.SendAsync(request);
    }
}
