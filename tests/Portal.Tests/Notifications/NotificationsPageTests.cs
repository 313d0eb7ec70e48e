using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
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

    [Fact]
    public async Task The_history_shows_each_deliverys_attempts_with_local_times_and_outcomes()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        await factory.NotifyAsync(customer.Id, title: "Ticket answered");
        await factory.DeliverAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var page = await browser.GetDocumentAsync("/notifications");
        var email = page.QuerySelectorAll("#notification-history-list > li").Single(li => li.GetAttribute("data-channel") == "Email");
        var attempts = email.QuerySelector("details[data-role=attempts]")!;
        Assert.Equal("محاولة إرسال واحدة", attempts.QuerySelector("summary")!.TextContent.Trim());
        var row = Assert.Single(attempts.QuerySelectorAll("tbody tr"));
        Assert.Equal(("1", "Sent"), (row.GetAttribute("data-number"), row.GetAttribute("data-outcome")));
        Assert.Equal("أُرسلت", row.QuerySelector("[data-role=outcome]")!.TextContent.Trim());
        var riyadh = TimeZoneInfo.ConvertTimeFromUtc(factory.Clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh"));
        Assert.Contains(riyadh.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), row.QuerySelector("time")!.TextContent);
        // Suppressed before any try (no phone): nothing to disclose.
        var sms = page.QuerySelectorAll("#notification-history-list > li").Single(li => li.GetAttribute("data-channel") == "Sms");
        Assert.Null(sms.QuerySelector("details"));
    }

    [Fact]
    public async Task A_topics_frequency_saves_in_place_and_by_plain_post_and_the_page_shows_it_chosen()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        var page = await browser.GetDocumentAsync("/notifications");

        var inPlace = await PostFrequencyAsHtmxAsync(browser, page, "PointsRewards", "Daily");
        Assert.Equal(HttpStatusCode.OK, inPlace.StatusCode);
        Assert.Equal("Saved", await inPlace.Content.ReadAsStringAsync());

        // The page as the browser now shows it (the select changed in place), as a plain post sends it all.
        page = await browser.GetDocumentAsync("/notifications");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.GetElementById("frequency-Tickets")!.Closest("form")!;
        var fields = AsBrowserSends(form);
        fields["frequency.Tickets"] = "Weekly";
        var plain = await browser.SubmitAsync(form, fields);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);

        var settings = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.Equal((NotificationFrequency.Daily, NotificationFrequency.Weekly, NotificationFrequency.Instant),
            (settings[NotificationTopic.PointsRewards].Frequency, settings[NotificationTopic.Tickets].Frequency, settings[NotificationTopic.Offers].Frequency));
        var after = await browser.GetDocumentAsync(plain.Headers.Location!.OriginalString);
        Assert.Equal("Saved", after.GetElementById("status-message")!.TextContent.Trim());
        Assert.Equal("Daily", after.QuerySelector("#frequency-PointsRewards option[selected]")!.GetAttribute("value"));
        Assert.Equal("Weekly", after.QuerySelector("#frequency-Tickets option[selected]")!.GetAttribute("value"));
        Assert.Equal("Instant", after.QuerySelector("#frequency-Offers option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_unknown_topic_or_frequency_or_a_digest_for_security_is_refused_in_the_customers_language_and_changes_nothing()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        var page = await browser.GetDocumentAsync("/notifications");
        const string NotAChoice = "هذا ليس أحد الخيارات المتاحة، لذا لم يتغير شيء.";

        foreach (var (topic, frequency) in new[] { ("Bogus", "Daily"), ("Offers", "Monthly"), ("Offers", "1"), ("0", "Weekly"), ("", "") })
        {
            var refused = await PortalClient.ParseAsync(await PostFrequencyAsHtmxAsync(browser, page, topic, frequency));
            Assert.Equal(NotAChoice, refused.QuerySelector("[data-role=refused]")!.TextContent);
        }
        var security = await PortalClient.ParseAsync(await PostFrequencyAsHtmxAsync(browser, page, "Security", "Daily"));
        Assert.Equal("رسائل الأمان تُرسل فورًا دائمًا، ولا تنتظر الملخص أبدًا.", security.QuerySelector("[data-role=refused]")!.TextContent);

        // Without script the page comes back with the refusal, as a 400.
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.GetElementById("frequency-Offers")!.Closest("form")!;
        var fields = AsBrowserSends(form);
        fields["frequency.Offers"] = "Hourly";
        var plain = await browser.SubmitAsync(form, fields);
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        var shown = await PortalClient.ParseAsync(plain);
        Assert.Equal(NotAChoice, shown.GetElementById("notification-refused")!.TextContent.Trim());
        Assert.Equal("rtl", shown.DocumentElement.GetAttribute("dir"));
        Assert.Equal("Instant", shown.QuerySelector("#frequency-Offers option[selected]")!.GetAttribute("value"));

        var rows = await factory.WithServiceAsync<int, Portal.Core.Data.PortalDbContext>(db =>
            db.Set<NotificationTopicSetting>().CountAsync(s => s.CustomerId == customer.Id));
        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task Without_script_the_matrix_form_saves_every_cell_at_once_and_a_bad_value_changes_nothing()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        var page = await browser.GetDocumentAsync("/notifications");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("#notification-matrix-form")!;
        Assert.Single(page.QuerySelectorAll("#notification-matrix form, #notification-matrix-form"));

        var bad = AsBrowserSends(form);
        bad["Offers.Email"] = "true";
        bad["frequency.Offers"] = "Hourly";
        var refused = await browser.SubmitAsync(form, bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("nothing was changed", (await PortalClient.ParseAsync(refused)).GetElementById("notification-refused")!.TextContent);
        var unchanged = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.False(unchanged.IsEnabled(NotificationTopic.Offers, NotificationChannel.Email));

        var fields = AsBrowserSends(form);
        fields["Offers.Email"] = "true";
        fields.Remove("Tickets.Email");
        fields["frequency.Offers"] = "Daily";
        fields["Security.Email"] = "false";
        var saved = await browser.SubmitAsync(form, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var settings = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.True(settings.IsEnabled(NotificationTopic.Offers, NotificationChannel.Email));
        Assert.Equal("settings", settings[NotificationTopic.Offers][NotificationChannel.Email].ConsentSource);
        Assert.False(settings.IsEnabled(NotificationTopic.Tickets, NotificationChannel.Email));
        Assert.Equal(NotificationFrequency.Daily, settings[NotificationTopic.Offers].Frequency);
        Assert.True(settings.IsEnabled(NotificationTopic.Security, NotificationChannel.Email));
        Assert.Equal(unchanged.IsEnabled(NotificationTopic.PointsRewards, NotificationChannel.Email), settings.IsEnabled(NotificationTopic.PointsRewards, NotificationChannel.Email));
        var after = await browser.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("Saved", after.GetElementById("status-message")!.TextContent.Trim());
        Assert.True(after.GetElementById("pref-Offers-Email")!.HasAttribute("checked"));
        Assert.False(after.GetElementById("pref-Tickets-Email")!.HasAttribute("checked"));
    }

    /// <summary>What a browser without script submits: the ticked boxes and each select's choice (hidden inputs are added by SubmitAsync).</summary>
    private static Dictionary<string, string> AsBrowserSends(AngleSharp.Html.Dom.IHtmlFormElement form)
    {
        var fields = form.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("input[type=checkbox][name]")
            .Where(c => c.IsChecked && !c.IsDisabled).ToDictionary(c => c.Name!, c => c.Value);
        foreach (var select in form.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlSelectElement>("select[name]")) fields[select.Name!] = select.Value ?? "";
        return fields;
    }

    private static async Task<HttpResponseMessage> PostFrequencyAsHtmxAsync(PortalClient browser, AngleSharp.Dom.IDocument page, string topic, string frequency)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notifications?handler=Frequency")
        {
            Content = new FormUrlEncodedContent([new("topic", topic), new("frequency", frequency)]),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", Portal.Tests.Loyalty.LoyaltyTestKit.HtmxToken(page));
        return await browser.Http.SendAsync(request);
    }
}
