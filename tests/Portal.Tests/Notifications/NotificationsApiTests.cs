using System.Net;
using System.Net.Http.Json;
using Portal.Core.Notifications;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Notifications;

public class NotificationsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id/notifications";

    [Fact]
    public async Task Preferences_start_from_the_defaults_and_a_put_changes_only_what_it_names()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var before = await (await app.GetAsync($"{Api}/preferences")).JsonAsync();
        var offers = before.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "Offers");
        Assert.All(offers.GetProperty("channels").EnumerateArray(), c => Assert.False(c.GetProperty("enabled").GetBoolean()));
        Assert.Equal("Asia/Riyadh", before.GetProperty("timeZone").GetString());

        var put = await app.PutAsJsonAsync($"{Api}/preferences", new
        {
            topics = new object[]
            {
                new { topic = "Offers", channels = new[] { new { channel = "Email", enabled = true } } },
                new { topic = "PointsRewards", frequency = "Weekly" },
            },
            quietHours = new { enabled = true, start = "22:00", end = "07:00" },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var after = await put.JsonAsync();
        var email = after.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "Offers")
            .GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "Email");
        Assert.True(email.GetProperty("enabled").GetBoolean());
        Assert.True(email.TryGetProperty("consentAtUtc", out var consent) && consent.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal("Weekly", after.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "PointsRewards").GetProperty("frequency").GetString());
        Assert.Equal("22:00:00", after.GetProperty("quietHours").GetProperty("start").GetString());

        var settings = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.Equal("api", settings[NotificationTopic.Offers][NotificationChannel.Email].ConsentSource);
        Assert.True(settings.IsEnabled(NotificationTopic.Tickets, NotificationChannel.Email));
    }

    [Fact]
    public async Task Turning_security_off_is_a_validation_problem()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var put = await app.PutAsJsonAsync($"{Api}/preferences", new
        {
            topics = new[] { new { topic = "Security", channels = new[] { new { channel = "Email", enabled = false } } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task History_is_paged_and_the_inbox_lists_marks_one_and_marks_all_read()
    {
        var customer = await factory.NotifiableCustomerAsync();
        var first = await factory.NotifyAsync(customer.Id, title: "First");
        await factory.NotifyAsync(customer.Id, title: "Second");
        await factory.NotifyAsync(customer.Id, NotificationTopic.Offers, title: "Offer");
        await factory.DeliverAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        // Email, SMS, browser and in-app for each: 12 deliveries, 4 a page.
        var history = await (await app.GetAsync($"{Api}/history?take=4")).JsonAsync();
        var seen = history.GetProperty("items").GetArrayLength();
        for (var next = history.GetProperty("nextBefore"); next.ValueKind != System.Text.Json.JsonValueKind.Null;)
        {
            var more = await (await app.GetAsync($"{Api}/history?take=4&before={next.GetInt64()}")).JsonAsync();
            seen += more.GetProperty("items").GetArrayLength();
            next = more.GetProperty("nextBefore");
        }
        Assert.Equal(12, seen);
        var newest = history.GetProperty("items")[0];
        Assert.Equal(("Offer", "Suppressed", "preference"), (newest.GetProperty("title").GetString(), newest.GetProperty("status").GetString(), newest.GetProperty("reason").GetString()));
        var sent = await (await app.GetAsync($"{Api}/history?status=Sent&channel=Email")).JsonAsync();
        Assert.Equal(2, sent.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.GetAsync($"{Api}/history?take=500")).StatusCode);

        var inbox = await (await app.GetAsync($"{Api}/inbox")).JsonAsync();
        Assert.Equal(2, inbox.GetProperty("unread").GetInt32());
        Assert.Equal(["Second", "First"], inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await app.PostAsync($"{Api}/inbox/{first!.Id}/read", null)).StatusCode);
        Assert.Equal(1, (await (await app.GetAsync($"{Api}/inbox")).JsonAsync()).GetProperty("unread").GetInt32());
        var all = await (await app.PostAsync($"{Api}/inbox/read-all", null)).JsonAsync();
        Assert.Equal(1, all.GetProperty("marked").GetInt32());

        var stranger = await factory.NotifiableCustomerAsync();
        using var other = await factory.SignedInAppAsync(stranger.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"{Api}/inbox/{first.Id}/read", null)).StatusCode);
    }
}
