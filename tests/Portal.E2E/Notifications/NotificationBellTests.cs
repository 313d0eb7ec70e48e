using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tickets;
using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.Notifications;

/// <summary>
/// The live bell: an agent answers the customer's ticket while the customer has the inbox open, and the reply
/// arrives through the real path (outbox event, notification, delivery job, SignalR) without a reload, written in
/// the customer's language.
/// </summary>
public class NotificationBellTests(PortalFixture portal) : BrowserTest(portal)
{
    private async Task<T> UseAsync<T, TService>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Theory]
    [InlineData("en", "Nadia Notified", "New reply on ticket", "Notifications: 1 unread")]
    [InlineData("ar", "نادية", "رد جديد على التذكرة", "الإشعارات: 1 غير مقروءة")]
    public async Task An_agent_reply_rings_the_bell_and_lands_in_the_open_inbox_without_a_reload(string language, string name, string title, string label)
    {
        var member = await Portal.NewMemberAsync(name, language);
        var ticket = await UseAsync<TicketResult, TicketService>(t => t.CreateAsync(new TicketActor(member.Id, name, false),
            new NewTicket("Card not scanning", TicketCategory.Technical, TicketPriority.Normal, "The till could not read my card."), []));
        var number = ticket.Ticket!.Number;

        var page = await NewPageAsync(locale: language == "ar" ? "ar-SA" : "en-GB");
        await SignInAsync(page, member.Email);
        await page.GotoAsync("/notifications/inbox");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.Locator("#notification-count")).ToBeHiddenAsync();
        await Expect(page.Locator("#inbox-empty")).ToBeVisibleAsync();
        // Set on this document only: it is gone if the page reloads.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        // The live connection starts a few seconds after the page has loaded (site.js, data-delay).
        await Expect(page.Locator("#notification-bell[data-live]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

        var reply = await UseAsync<TicketResult, TicketService>(t =>
            t.ReplyAsync(new TicketActor("e2e-agent", "Sara", true), number, "Please try the card again now."));
        Assert.True(reply.Succeeded);

        await Expect(page.Locator("#notification-count")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("#notification-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#notification-bell-label")).ToHaveTextAsync(label);
        await Expect(page.Locator("#notification-live")).ToContainTextAsync(title);
        await Expect(page.Locator("#inbox-list li").First).ToContainTextAsync($"{title} #{number}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));

        // Marking it read updates the list and the bell in place.
        await page.Locator("#inbox-list li button").First.ClickAsync();
        await Expect(page.Locator("#notification-count")).ToBeHiddenAsync();
        await Expect(page.Locator("#inbox-list li").First).ToHaveAttributeAsync("data-read", "true");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }
}
