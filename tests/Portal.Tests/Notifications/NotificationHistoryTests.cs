using System.Net;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Notifications;

/// <summary>The history on /notifications and in the API: every message, filterable by topic, channel and status.</summary>
public class NotificationHistoryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id/notifications";

    /// <summary>A ticket reply (sent), an offer (suppressed: marketing is off) and a points message held for the daily digest.</summary>
    private async Task<PortalUser> CustomerWithHistoryAsync(string language = Languages.English)
    {
        var customer = await factory.NotifiableCustomerAsync(language);
        await factory.WithServiceAsync<int, NotificationPreferences>(async p =>
        {
            await p.SetFrequencyAsync(customer.Id, NotificationTopic.PointsRewards, NotificationFrequency.Daily);
            return 0;
        });
        await factory.NotifyAsync(customer.Id, title: "Ticket answered");
        await factory.NotifyAsync(customer.Id, NotificationTopic.Offers, title: "Weekend offer");
        await factory.NotifyAsync(customer.Id, NotificationTopic.PointsRewards, title: "Points earned");
        await factory.DeliverAsync();
        return customer;
    }

    [Fact]
    public async Task The_page_filters_by_status_topic_and_channel_from_the_query_string_and_in_place()
    {
        var customer = await CustomerWithHistoryAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        // SMS and browser deliveries are suppressed for everyone without a phone or a browser; email shows the preference.
        var suppressed = await browser.GetDocumentAsync("/notifications?status=Suppressed&channel=Email");
        var items = suppressed.QuerySelectorAll("#notification-history-list li");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains("Weekend offer", i.TextContent));
        Assert.All(items, i => Assert.Equal("Suppressed", i.GetAttribute("data-status")));
        Assert.Equal("Suppressed", suppressed.QuerySelector("#history-status option[selected]")!.GetAttribute("value"));
        Assert.NotNull(suppressed.GetElementById("notification-history-clear"));

        var digest = await browser.GetDocumentAsync("/notifications?topic=PointsRewards&channel=Email");
        var waiting = Assert.Single(digest.QuerySelectorAll("#notification-history-list li"));
        Assert.Equal("WaitingForDigest", waiting.GetAttribute("data-status"));
        Assert.Contains("Waiting for your digest", waiting.TextContent);
        Assert.Contains("Arrives with your digest at", waiting.TextContent);

        // htmx swaps the list in place and puts the filters in the address bar.
        var request = new HttpRequestMessage(HttpMethod.Get, "/notifications?handler=History&status=Sent");
        request.Headers.Add("HX-Request", "true");
        var fragment = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Equal("/notifications?status=Sent", fragment.Headers.GetValues("HX-Push-Url").Single());
        var list = await PortalClient.ParseAsync(fragment);
        Assert.Null(list.QuerySelector("h1"));
        var sent = list.QuerySelectorAll("#notification-history-list li");
        Assert.Equal(3, sent.Length);
        Assert.All(sent, i => Assert.Equal("Sent", i.GetAttribute("data-status")));

        var nothing = await browser.GetDocumentAsync("/notifications?status=Failed");
        Assert.Equal("No messages match these filters.", nothing.GetElementById("notification-history-empty")!.TextContent);

        // A hand-edited filter that does not exist shows everything.
        var all = await browser.GetDocumentAsync("/notifications");
        var lost = await browser.GetDocumentAsync("/notifications?status=Lost");
        Assert.Equal(all.GetElementById("notification-history")!.GetAttribute("data-total"), lost.GetElementById("notification-history")!.GetAttribute("data-total"));
        Assert.Null(lost.GetElementById("notification-history-clear"));
    }

    [Fact]
    public async Task Pages_keep_their_filters()
    {
        var customer = await factory.NotifiableCustomerAsync();
        for (var i = 0; i < 12; i++) await factory.NotifyAsync(customer.Id, title: $"Reply {i}");
        await factory.DeliverAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var first = await browser.GetDocumentAsync("/notifications?channel=Email");
        Assert.Equal(10, first.QuerySelectorAll("#notification-history-list li").Length);
        var next = first.GetElementById("notification-history-next")!;
        Assert.Equal("/notifications?p=2&channel=Email#notification-history-title", next.GetAttribute("href"));
        Assert.Equal("/notifications?handler=History&p=2&channel=Email", next.GetAttribute("hx-get"));

        var second = await browser.GetDocumentAsync("/notifications?p=2&channel=Email");
        var rest = second.QuerySelectorAll("#notification-history-list li");
        Assert.Equal(2, rest.Length);
        Assert.All(rest, i => Assert.Equal("Email", i.GetAttribute("data-channel")));
    }

    [Fact]
    public async Task In_arabic_the_filters_statuses_and_empty_message_read_right_to_left()
    {
        var customer = await CustomerWithHistoryAsync(Languages.Arabic);
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var page = await browser.GetDocumentAsync("/notifications?status=WaitingForDigest");
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("كل المواضيع", page.QuerySelector("#history-topic option")!.TextContent);
        var waiting = Assert.Single(page.QuerySelectorAll("#notification-history-list li"));
        Assert.Contains("تصلك مع ملخصك في", waiting.TextContent);

        var nothing = await browser.GetDocumentAsync("/notifications?status=Failed");
        Assert.Equal("لا توجد رسائل تطابق هذه التصفية.", nothing.GetElementById("notification-history-empty")!.TextContent);
    }

    [Fact]
    public async Task The_api_filters_the_same_way_and_an_unknown_filter_is_a_problem()
    {
        var customer = await CustomerWithHistoryAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var waiting = await (await app.GetAsync($"{Api}/history?status=WaitingForDigest")).JsonAsync();
        Assert.Equal(1, waiting.GetProperty("items").GetArrayLength());
        var item = waiting.GetProperty("items")[0];
        Assert.Equal(("PointsRewards", "Email"), (item.GetProperty("topic").GetString(), item.GetProperty("channel").GetString()));

        var offers = await (await app.GetAsync($"{Api}/history?topic=Offers&channel=InApp")).JsonAsync();
        Assert.Equal(1, offers.GetProperty("items").GetArrayLength());

        foreach (var (bad, field) in new[] { ("status=Lost", "status"), ("topic=Weather", "topic"), ("channel=Pigeon", "channel") })
        {
            var response = await app.GetAsync($"{Api}/history?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = await response.JsonAsync();
            Assert.Equal((400, "validation_failed"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
            Assert.StartsWith("Use one of: ", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        }
        var number = await app.GetAsync($"{Api}/history?status=42");
        Assert.Equal(HttpStatusCode.BadRequest, number.StatusCode);
        Assert.StartsWith("Unknown status: use one of Pending, ", (await number.JsonAsync()).GetProperty("errors").GetProperty("status")[0].GetString());
    }
}
