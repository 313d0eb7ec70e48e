using System.Net;
using Portal.Core.Notifications;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

public class NotificationsPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_matrix_shows_defaults_with_security_locked_and_a_toggle_saves_in_place()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var page = await browser.GetDocumentAsync("/notifications");
        Assert.False(page.GetElementById("pref-Offers-Email")!.HasAttribute("checked"));
        Assert.True(page.GetElementById("pref-Tickets-Email")!.HasAttribute("checked"));
        var security = page.GetElementById("pref-Security-Email")!;
        Assert.True(security.HasAttribute("disabled") && security.HasAttribute("checked"));
        Assert.Equal("security-locked-note", security.GetAttribute("aria-describedby"));

        var form = page.GetElementById("pref-Offers-Email")!.Closest("form")!;
        var token = page.QuerySelector("body")!.GetAttribute("hx-headers")!.Split('"')[3];
        var request = new HttpRequestMessage(HttpMethod.Post, "/notifications?handler=Toggle")
        {
            Content = new FormUrlEncodedContent([new("topic", "Offers"), new("channel", "Email"), new("enabled", "true"), new("enabled", "false")]),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Saved", await response.Content.ReadAsStringAsync());
        Assert.NotNull(form);

        var settings = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.True(settings.IsEnabled(NotificationTopic.Offers, NotificationChannel.Email));
        Assert.Equal("settings", settings[NotificationTopic.Offers][NotificationChannel.Email].ConsentSource);
        var reloaded = await browser.GetDocumentAsync("/notifications");
        Assert.True(reloaded.GetElementById("pref-Offers-Email")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task Quiet_hours_are_saved_from_the_form_and_shown_in_the_customers_zone()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var saved = await browser.SubmitFormAsync("/notifications", "#quiet-hours-form",
            new Dictionary<string, string> { ["Quiet.Enabled"] = "true", ["Quiet.Start"] = "22:00", ["Quiet.End"] = "07:00" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var settings = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.Equal(QuietHours.Suggested, settings.QuietHours);
        var page = await browser.GetDocumentAsync("/notifications");
        Assert.Contains("Asia/Riyadh", page.GetElementById("quiet-zone")!.TextContent);
        Assert.True(page.GetElementById("quiet-enabled")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task The_history_lists_each_delivery_with_its_status_and_reason()
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.NotifyAsync(customer.Id, NotificationTopic.Offers, title: "Weekend offer");
        await factory.NotifyAsync(customer.Id, title: "Ticket answered");
        await factory.DeliverAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var page = await browser.GetDocumentAsync("/notifications");
        var items = page.QuerySelectorAll("#notification-history-list li");
        Assert.Equal(8, items.Length); // email, SMS, browser and in-app for each
        var offer = items.First(i => i.TextContent.Contains("Weekend offer"));
        Assert.Equal("Suppressed", offer.GetAttribute("data-status"));
        Assert.Contains("Turned off in your settings", offer.TextContent);
        Assert.Equal(2, items.Count(i => i.GetAttribute("data-status") == "Sent"));
    }
}
