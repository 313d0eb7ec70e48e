using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.Notifications;

/// <summary>Choosing a status in the history's filters swaps the list in place and puts the filter in the address.</summary>
public class NotificationHistoryFilterTests(PortalFixture portal) : BrowserTest(portal)
{
    private async Task<T> UseAsync<T, TService>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Theory]
    [InlineData("en", "Hala History")]
    [InlineData("ar", "هالة")]
    public async Task Filtering_by_status_swaps_the_list_without_a_reload_and_the_address_keeps_the_filter(string language, string name)
    {
        var member = await Portal.NewMemberAsync(name, language);
        foreach (var (topic, title) in new[] { (NotificationTopic.Tickets, "Ticket answered"), (NotificationTopic.Offers, "Weekend offer") })
            await UseAsync<Notification?, Notifier>(n => n.NotifyAsync(new NotificationRequest(member.Id, topic, $"e2e:{Guid.NewGuid():N}", language, title, "Body", null)));

        var page = await NewPageAsync(locale: language == "ar" ? "ar-SA" : "en-GB");
        await SignInAsync(page, member.Email);
        await page.GotoAsync("/notifications");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        // Page scripts (htmx among them) have run once the bell is initialised.
        // The live connection starts a few seconds after the page has loaded (site.js, data-delay).
        await Expect(page.Locator("#notification-bell[data-live]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

        await page.Locator("#history-status").SelectOptionAsync("Suppressed");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/notifications\?status=Suppressed$"));
        await Expect(page.Locator("#notification-history-list li[data-status='Suppressed']").First).ToContainTextAsync("Weekend offer");
        await Expect(page.Locator("#notification-history-list li:not([data-status='Suppressed'])")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }
}
