using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using AngleSharp.Dom;
using Portal.Core.Notifications.Push;
using Portal.Tests.Infrastructure;
using Portal.Tests.Notifications.Sms;

namespace Portal.Tests.Notifications;

/// <summary>/notifications is kept per stamp of the customer's data: what changes shows at once, and kept forms still post.</summary>
public class NotificationsKeptPageTests(SmsFilePortalFactory factory) : IClassFixture<SmsFilePortalFactory>
{
    private static string[] Tokens(IDocument page) =>
        page.QuerySelectorAll("form[method=post] input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")!).ToArray();

    [Fact]
    public async Task A_second_browser_shown_the_kept_page_posts_its_forms_with_its_own_token_and_each_change_shows_on_the_next_visit()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var laptop = factory.NewClient();
        using var phone = factory.NewClient();
        await laptop.SignInAsync(customer.Email!);
        await phone.SignInAsync(customer.Email!);

        var first = await laptop.GetDocumentAsync("/notifications");
        var kept = await phone.GetDocumentAsync("/notifications");
        Assert.Equal(first.GetElementById("notification-matrix")!.QuerySelectorAll("input[type=checkbox]").Length,
            kept.GetElementById("notification-matrix")!.QuerySelectorAll("input[type=checkbox]").Length);
        Assert.NotEmpty(Tokens(kept));
        Assert.Empty(Tokens(kept).Intersect(Tokens(first)));

        // The phone's token, not the laptop's: a token kept with the markup would be refused here.
        var saved = await phone.SubmitFormAsync("/notifications", "#quiet-hours-form",
            new Dictionary<string, string> { ["Quiet.Enabled"] = "true", ["Quiet.Start"] = "22:00", ["Quiet.End"] = "07:00" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.True((await laptop.GetDocumentAsync("/notifications")).GetElementById("quiet-enabled")!.HasAttribute("checked"));

        await factory.NotifyAsync(customer.Id, title: "Ticket answered");
        await factory.DeliverAsync();
        var history = (await laptop.GetDocumentAsync("/notifications")).QuerySelectorAll("#notification-history-list li");
        Assert.Contains(history, i => i.TextContent.Contains("Ticket answered") && i.GetAttribute("data-status") == "Sent");

        var (device, error, _) = await factory.WithServiceAsync<(PushDevice?, PushSubscribeError?, bool), PushSubscriptions>(s =>
            s.SubscribeAsync(customer.Id, "https://push.example.com/send/" + Guid.NewGuid().ToString("N"), PushPageTests.BrowserKey(),
                Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), "Mozilla/5.0 (Android 14) Firefox/130.0"));
        Assert.Null(error);
        Assert.NotNull((await laptop.GetDocumentAsync("/notifications")).GetElementById($"push-device-{device!.Id}"));
    }

    [Fact]
    public async Task A_code_waiting_on_the_kept_page_gives_way_to_the_number_form_once_it_expires()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var sent = await browser.SubmitFormAsync("/notifications", "#phone-number-form", new Dictionary<string, string> { ["phoneNumber"] = "050 000 0311" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.NotNull((await browser.GetDocumentAsync("/notifications")).GetElementById("phone-code-form"));
        Assert.NotNull((await browser.GetDocumentAsync("/notifications")).GetElementById("phone-code-form"));

        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var expired = await browser.GetDocumentAsync("/notifications");
        Assert.Null(expired.GetElementById("phone-code-form"));
        Assert.NotNull(expired.GetElementById("phone-number-form"));
    }
}
