using Portal.Tests.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

/// <summary>/notifications on PostgreSQL: its stamp query runs there too, and a change shows on the next request.</summary>
public class NotificationsPostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task A_choice_quiet_hours_and_a_delivery_show_on_the_next_request()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        Assert.False((await browser.GetDocumentAsync("/notifications")).GetElementById("pref-Offers-Email")!.HasAttribute("checked"));

        await factory.WithServiceAsync<Core.Notifications.PreferenceError?, Core.Notifications.NotificationPreferences>(p =>
            p.SetAsync(customer.Id, Core.Notifications.NotificationTopic.Offers, Core.Notifications.NotificationChannel.Email, true, "test"));
        var saved = await browser.SubmitFormAsync("/notifications", "#quiet-hours-form",
            new Dictionary<string, string> { ["Quiet.Enabled"] = "true", ["Quiet.Start"] = "22:00", ["Quiet.End"] = "07:00" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        await factory.NotifyAsync(customer.Id, title: "Ticket answered on PostgreSQL");
        await factory.DeliverAsync();

        var page = await browser.GetDocumentAsync("/notifications");
        Assert.True(page.GetElementById("pref-Offers-Email")!.HasAttribute("checked"));
        Assert.True(page.GetElementById("quiet-enabled")!.HasAttribute("checked"));
        Assert.Contains("Ticket answered on PostgreSQL", page.GetElementById("notification-history-list")!.TextContent);
    }
}

/// <summary>A fresh instance on a bounded pool: the first requests to /notifications all at once.</summary>
public class NotificationsColdStartPostgresTests(Chat.SmallPoolPostgresFactory factory) : IClassFixture<Chat.SmallPoolPostgresFactory>
{
    [Fact]
    public async Task Twice_as_many_first_visits_as_the_pool_has_connections_are_all_served()
    {
        var browsers = new List<PortalClient>();
        try
        {
            for (var i = 0; i < Chat.SmallPoolPostgresFactory.PoolSize * 2; i++)
            {
                var customer = await factory.NotifiableCustomerAsync();
                var browser = factory.NewClient();
                browsers.Add(browser);
                await browser.SignInAsync(customer.Email!);
            }

            // Each request holds its connection; the push key, read once per instance, must not need another.
            var pages = await Task.WhenAll(browsers.Select(b => b.Http.GetAsync("/notifications")));

            Assert.All(pages, p => Assert.Equal(System.Net.HttpStatusCode.OK, p.StatusCode));
        }
        finally
        {
            foreach (var browser in browsers) browser.Dispose();
        }
    }
}
