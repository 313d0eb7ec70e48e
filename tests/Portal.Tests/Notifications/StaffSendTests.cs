using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Sending;
using Portal.Core.Segments;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

/// <summary>Staff sends from /staff/notifications and POST /api/customer-id/notifications/send.</summary>
public class StaffSendTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SendApi = "/api/customer-id/notifications/send";

    private static Dictionary<string, string> Form(string customerId, string topic = "PointsRewards") => new()
    {
        ["Input.Audience"] = "Customer", ["Input.CustomerId"] = customerId, ["Input.Topic"] = topic,
        ["Input.Channels"] = "Email", ["Input.TitleEn"] = "Double points this weekend", ["Input.BodyEn"] = "Every purchase earns <b>twice</b>.",
        ["Input.TitleAr"] = "نقاط مضاعفة هذا الأسبوع", ["Input.BodyAr"] = "كل عملية شراء تكسب ضعف النقاط.", ["Input.Link"] = "/loyalty",
    };

    private async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> use) => await factory.WithServiceAsync(use);

    private async Task RunSendsAsync(int batchSize = NotificationSends.DefaultBatchSize)
    {
        var ids = await factory.WithServiceAsync<IReadOnlyList<long>, NotificationSends>(s => s.UnfinishedAsync());
        foreach (var id in ids)
            while (await factory.WithServiceAsync<bool, NotificationSends>(s => s.SendNextBatchAsync(id, batchSize))) { }
    }

    private static object Body(string? customerId = null, string? segment = null, string topic = "PointsRewards", string[]? channels = null, string en = "Hello") => new
    {
        customerId, segment, topic,
        title = new { en, ar = "مرحبا" }, body = new { en = "A message for you.", ar = "رسالة لك." },
        channels = channels ?? ["Email", "InApp"],
    };

    [Fact]
    public async Task The_preview_counts_a_customer_who_turned_email_off_for_the_topic_as_turned_off_and_shows_both_languages()
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
            p.SetAsync(customer.Id, NotificationTopic.PointsRewards, NotificationChannel.Email, false, NotificationPreferences.SourceSettings));
        using var client = factory.NewClient();
        await client.SignInAsync("staff@demo.local");

        var form = Form(customer.CustomerNumber);
        form["Input.Channels"] = "InApp";
        var page = await client.GetDocumentAsync("/staff/notifications");
        var html = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("#send-form")!;
        client.Http.DefaultRequestHeaders.Add("HX-Request", "true");
        // Email and InApp both ticked: the form helper sets one value per name, so send the second channel by hand.
        var fields = form.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)).Append(new("Input.Channels", "Email"))
            .Append(new("__RequestVerificationToken", html.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value));
        var response = await client.Http.PostAsync("/staff/notifications?handler=Preview", new FormUrlEncodedContent(fields));
        var fragment = await PortalClient.ParseAsync(response);

        Assert.Equal(("0", "1", "0"), Reach(fragment, "Email"));
        Assert.Equal(("1", "0", "0"), Reach(fragment, "InApp"));
        Assert.Equal("Double points this weekend", fragment.QuerySelector("#preview-en-title")!.TextContent);
        Assert.Equal("نقاط مضاعفة هذا الأسبوع", fragment.QuerySelector("#preview-ar-title")!.TextContent);
        Assert.Equal("rtl", fragment.QuerySelector("#preview-ar")!.GetAttribute("dir"));
        // Plain text: the markup is shown, not run.
        Assert.Contains("<b>twice</b>", fragment.QuerySelector("#preview-en-body")!.TextContent);
        Assert.Null(fragment.QuerySelector("#preview-en-body b"));
        Assert.NotNull(fragment.QuerySelector("#send-confirm"));
    }

    private static (string?, string?, string?) Reach(IDocument doc, string channel)
    {
        var row = doc.QuerySelector($"#reach-{channel}")!;
        return (row.GetAttribute("data-receive"), row.GetAttribute("data-off"), row.GetAttribute("data-no-address"));
    }

    [Fact]
    public async Task Sending_from_the_page_needs_the_preview_and_notifies_the_customer_once_in_their_language()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        using var client = factory.NewClient();
        await client.SignInAsync("staff@demo.local");
        var form = Form(customer.CustomerNumber);

        // Without the preview's key, "send" shows the preview instead.
        var unconfirmed = await PortalClient.ParseAsync(await client.SubmitFormAsync("/staff/notifications", "#send-form", form, "#send-preview-button"));
        Assert.NotNull(unconfirmed.QuerySelector("#send-preview"));
        form["Input.PreviewKey"] = unconfirmed.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_PreviewKey")!.Value;
        form["Input.PreviewHash"] = unconfirmed.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_PreviewHash")!.Value;
        var sent = await client.SubmitAsync(unconfirmed.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("#send-form")!, form, "#send-confirm");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        // Confirming twice (a double click) records one send.
        await client.SubmitAsync(unconfirmed.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("#send-form")!, form, "#send-confirm");
        await RunSendsAsync();

        var notifications = await WithDbAsync(db => db.Set<Notification>().AsNoTracking().Where(n => n.CustomerId == customer.Id).ToListAsync());
        var only = Assert.Single(notifications);
        Assert.StartsWith("staff-send:", only.SourceKey);
        Assert.Equal(("ar", "نقاط مضاعفة هذا الأسبوع", "/loyalty"), (only.Language, only.Title, only.Link));
        var channels = await WithDbAsync(db => db.Set<NotificationDelivery>().Where(d => d.NotificationId == only.Id).Select(d => d.Channel).ToListAsync());
        Assert.Equal([NotificationChannel.Email], channels);
        var send = await WithDbAsync(db => db.Set<NotificationSend>().AsNoTracking().SingleAsync(s => s.CustomerId == customer.Id));
        Assert.Equal(("page", 1, NotificationSendStatus.Completed), (send.Via, send.Notified, send.Status));
        Assert.Equal("Sara Staff", send.SentByName);

        var page = await client.GetDocumentAsync("/staff/notifications");
        Assert.Contains("Double points this weekend", page.QuerySelector($"#send-{send.Id}")!.TextContent);
    }

    [Fact]
    public async Task A_segment_send_reaches_every_member_once_in_batches_and_a_rerun_notifies_nobody_again()
    {
        var members = new List<PortalUser>();
        for (var i = 0; i < 5; i++) members.Add(await factory.NotifiableCustomerAsync(i == 0 ? Languages.Arabic : Languages.English));
        var outsider = await factory.NotifiableCustomerAsync();
        await WithDbAsync(async db =>
        {
            foreach (var m in members) db.Add(new CustomerScore { CustomerId = m.Id, Segment = Segment.AtRisk, ComputedAtUtc = DateTime.UtcNow });
            db.Add(new CustomerScore { CustomerId = outsider.Id, Segment = Segment.Frequent, ComputedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var expected = await WithDbAsync(db => db.Set<CustomerScore>().CountAsync(s => s.Segment == Segment.AtRisk));

        var outcome = await factory.WithServiceAsync<SendOutcome, NotificationSends>(s => s.CreateAsync(
            new SendDraft(SendAudienceKind.Segment, null, Segment.AtRisk, NotificationTopic.Tickets, new HashSet<NotificationChannel> { NotificationChannel.InApp },
                "We miss you", "Come back soon.", "نفتقدك", "عد قريبًا.", null),
            new SendActor("staff", "Sara Staff", "page"), null));
        var send = outcome.Send!;
        Assert.Equal(expected, send.PlannedRecipients);
        Assert.Equal(expected, send.PlannedInApp);

        await RunSendsAsync(batchSize: 2);
        // A repeat (a crash, a second instance) finds nothing left to do.
        await WithDbAsync(db => db.Set<NotificationSend>().Where(s => s.Id == send.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, NotificationSendStatus.Queued).SetProperty(s => s.Cursor, (string?)null)));
        await RunSendsAsync(batchSize: 2);

        var key = NotificationSend.SourceKeyFor(send.Id);
        var got = await WithDbAsync(db => db.Set<Notification>().AsNoTracking().Where(n => n.SourceKey == key).ToListAsync());
        Assert.Equal(expected, got.Count);
        Assert.Equal(got.Count, got.Select(n => n.CustomerId).Distinct().Count());
        Assert.All(members, m => Assert.Contains(got, n => n.CustomerId == m.Id));
        Assert.DoesNotContain(got, n => n.CustomerId == outsider.Id);
        Assert.Equal("نفتقدك", got.Single(n => n.CustomerId == members[0].Id).Title);
        Assert.Equal("We miss you", got.Single(n => n.CustomerId == members[1].Id).Title);
        // Only the ticked channel.
        var channels = await WithDbAsync(db => db.Set<NotificationDelivery>().Where(d => d.Notification.SourceKey == key).Select(d => d.Channel).Distinct().ToListAsync());
        Assert.Equal([NotificationChannel.InApp], channels);
    }

    [Fact]
    public async Task A_staff_token_sends_and_a_retry_with_the_same_idempotency_key_sends_nothing_new()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var api = factory.NewApiClient();
        var token = (await api.TokensAsync("staff@demo.local")).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpRequestMessage Request() => new(HttpMethod.Post, SendApi)
        {
            Content = JsonContent.Create(Body(customerId: customer.CustomerNumber)), Headers = { { "Idempotency-Key", "send-" + customer.Id } },
        };
        var first = await api.SendAsync(Request());
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var accepted = await first.JsonAsync();
        Assert.Equal(1, accepted.GetProperty("recipients").GetInt32());
        Assert.Equal(1, accepted.GetProperty("channels").GetProperty("email").GetInt32());
        Assert.Equal(1, accepted.GetProperty("channels").GetProperty("inApp").GetInt32());
        await RunSendsAsync();

        var again = await api.SendAsync(Request());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(accepted.GetProperty("sendId").GetInt64(), (await again.JsonAsync()).GetProperty("sendId").GetInt64());
        await RunSendsAsync();

        Assert.Equal(1, await WithDbAsync(db => db.Set<Notification>().CountAsync(n => n.CustomerId == customer.Id)));
        Assert.Equal(1, await WithDbAsync(db => db.Set<NotificationSend>().CountAsync(s => s.CustomerId == customer.Id)));
    }

    [Fact]
    public async Task A_customer_token_is_forbidden()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var api = factory.NewApiClient();
        var token = (await api.TokensAsync(customer.Email!)).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await api.PostAsJsonAsync(SendApi, Body(customerId: customer.CustomerNumber));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, await WithDbAsync(db => db.Set<NotificationSend>().CountAsync(s => s.CustomerId == customer.Id)));
    }

    [Fact]
    public async Task An_integration_key_needs_the_notifications_permission()
    {
        var customer = await factory.NotifiableCustomerAsync();
        async Task<HttpClient> KeyAsync(params string[] permissions)
        {
            var made = await factory.WithServiceAsync<(IntegrationKey, string)?, IntegrationKeys>(k =>
                k.CreateAsync("CRM " + Guid.NewGuid().ToString("N")[..6], "Tester", default, permissions));
            var client = factory.NewApiClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", made!.Value.Item2);
            return client;
        }
        using var purchasesOnly = await KeyAsync(IntegrationPermissions.Purchases);
        using var notifier = await KeyAsync(IntegrationPermissions.NotificationsSend);

        await (await purchasesOnly.PostAsJsonAsync(SendApi, Body(customerId: customer.CustomerNumber))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var accepted = await notifier.PostAsJsonAsync(SendApi, Body(customerId: customer.CustomerNumber));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var send = await WithDbAsync(db => db.Set<NotificationSend>().AsNoTracking().SingleAsync(s => s.CustomerId == customer.Id));
        Assert.Equal("key", send.Via);
        Assert.Null(send.SentByUserId);
        // And a notifications-only key cannot record purchases.
        var purchase = await notifier.PostAsJsonAsync("/api/customer-id/purchases", Portal.Tests.Loyalty.LoyaltyApiKit.Purchase(customer.CustomerNumber, "N-1"));
        Assert.Equal(HttpStatusCode.Forbidden, purchase.StatusCode);
    }

    [Theory]
    [InlineData("{customer}", "Tickets", "Carrier pigeon", "unknown_channel", HttpStatusCode.BadRequest)]
    [InlineData("{customer}", "Gossip", "Email", "unknown_topic", HttpStatusCode.BadRequest)]
    [InlineData("{nobody}", "Tickets", "Email", "unknown_customer", HttpStatusCode.UnprocessableEntity)]
    [InlineData("segment:Whales", "Tickets", "Email", "unknown_segment", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{customer}", "Tickets", "Email", "empty_text", HttpStatusCode.BadRequest)]
    public async Task Problems_have_stable_codes(string audience, string topic, string channel, string code, HttpStatusCode status)
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var api = factory.NewApiClient();
        var token = (await api.TokensAsync("staff@demo.local")).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var segment = audience.StartsWith("segment:") ? audience["segment:".Length..] : null;
        var customerId = segment is null ? audience.Replace("{customer}", customer.CustomerNumber).Replace("{nobody}", CustomerNumber.NewRandom().Value) : null;
        var response = await api.PostAsJsonAsync(SendApi, Body(customerId, segment, topic, [channel], en: code == "empty_text" ? " " : "Hello"));
        await response.AssertProblemAsync(status, code);
    }

    [Theory]
    [InlineData("en", "Send notifications")]
    [InlineData("ar", "إرسال الإشعارات")]
    public async Task The_page_renders_in_both_languages_with_statistics_per_topic_and_channel(string culture, string heading)
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.NotifyAsync(customer.Id);
        await factory.DeliverAsync();
        using var client = factory.NewClient();
        await client.SignInAsync("staff@demo.local");

        var page = await client.GetDocumentAsync($"/staff/notifications?culture={culture}&days=7");

        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#stats-7")!.GetAttribute("aria-current"));
        var row = page.QuerySelector("#stats-Tickets-InApp")!;
        Assert.True(int.Parse(row.GetAttribute("data-sent")!) >= 1);
        Assert.NotNull(row.GetAttribute("data-read"));
        Assert.NotNull(page.QuerySelector("#send-form #channel-Email"));
    }

    [Fact]
    public async Task Customers_cannot_open_the_page()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(customer.Email!);
        var response = await client.Http.GetAsync("/staff/notifications");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_send_endpoint_is_described_with_both_ways_to_sign_in_and_the_idempotency_key()
    {
        using var client = factory.NewApiClient();
        var doc = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var post = doc.GetProperty("paths").GetProperty(SendApi).GetProperty("post");

        var schemes = post.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Contains("Bearer", schemes);
        Assert.Contains("IntegrationKey", schemes);
        Assert.Contains(post.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(post.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("403", out _));
    }
}
