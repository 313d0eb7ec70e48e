using System.Net;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Core.Tickets;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

public class NotificationDeliveryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<int> TicketWithAgentReplyAsync(PortalUser customer)
    {
        var created = await factory.WithServiceAsync<TicketResult, TicketService>(t => t.CreateAsync(
            new TicketActor(customer.Id, customer.DisplayName, false),
            new NewTicket("Missing points", TicketCategory.Loyalty, TicketPriority.Normal, "My points from Monday are missing."), []));
        var number = created.Ticket!.Number;
        var reply = await factory.WithServiceAsync<TicketResult, TicketService>(t => t.ReplyAsync(
            new TicketActor("agent-" + Guid.NewGuid().ToString("N"), "Sara", true), number, "We added them, sorry for the wait."));
        Assert.True(reply.Succeeded);
        return number;
    }

    [Fact]
    public async Task An_agent_reply_is_emailed_to_the_customer_in_their_language_right_to_left_with_a_link_to_the_ticket()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        var number = await TicketWithAgentReplyAsync(customer);

        await factory.DeliverAsync();

        var mail = factory.LastEmailTo(customer.Email!);
        Assert.NotNull(mail);
        Assert.Equal($"رد جديد على التذكرة #{number}", mail.Subject);
        Assert.Contains("dir=\"rtl\"", mail.HtmlBody);
        Assert.Contains($"/tickets/{number}", mail.TextBody);
        Assert.EndsWith("@notifications.portal", mail.MessageId);
        Assert.Null(mail.Headers["List-Unsubscribe"]);
    }

    [Fact]
    public async Task The_reply_reaches_the_bell_and_the_inbox_and_opening_it_marks_it_read()
    {
        var customer = await factory.NotifiableCustomerAsync();
        var number = await TicketWithAgentReplyAsync(customer);
        await factory.DeliverAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var home = await browser.GetDocumentAsync("/notifications/inbox");
        Assert.Equal("1", home.GetElementById("notification-count")!.TextContent.Trim());
        var item = home.QuerySelector("#inbox-list li")!;
        Assert.Contains($"New reply on ticket #{number}", item.TextContent);
        Assert.Equal("false", item.GetAttribute("data-read"));

        var open = await browser.Http.GetAsync(item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal($"/tickets/{number}", open.Headers.Location!.OriginalString);
        var after = await browser.GetDocumentAsync("/notifications/inbox");
        Assert.True(after.GetElementById("notification-count")!.HasAttribute("hidden"));
    }

    [Fact]
    public async Task Resolving_a_ticket_tells_the_customer_but_the_reply_is_told_once()
    {
        var customer = await factory.NotifiableCustomerAsync();
        var number = await TicketWithAgentReplyAsync(customer);
        await factory.WithServiceAsync<TicketResult, TicketService>(t => t.ChangeStatusAsync(new TicketActor("agent-x", "Sara", true), number, TicketStatus.Resolved));
        await factory.DeliverAsync();
        factory.DispatchEvents();

        var inbox = await factory.WithServiceAsync<Paged<InboxItem>, NotificationInbox>(i => i.PageAsync(customer.Id, 1));
        Assert.Equal([$"Ticket #{number} is now Resolved", $"New reply on ticket #{number}"], inbox.Items.Select(i => i.Title));
    }

    [Fact]
    public async Task The_visible_unsubscribe_link_asks_once_and_takes_effect_signed_out()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
            p.SetAsync(customer.Id, NotificationTopic.Offers, NotificationChannel.Email, true, NotificationPreferences.SourceSettings));
        await factory.NotifyAsync(customer.Id, NotificationTopic.Offers, "Offer", "/loyalty");
        await factory.DeliverAsync();
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(factory.LastEmailTo(customer.Email!)!.TextBody!, @"https?://\S+/notifications/unsubscribe\?token=\S+").Value);

        using var anonymous = factory.NewClient();
        var page = await anonymous.GetDocumentAsync(link.PathAndQuery);
        Assert.NotNull(page.GetElementById("unsubscribe-confirm"));
        var done = await PortalClient.ParseAsync(await anonymous.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string>()));
        Assert.NotNull(done.GetElementById("unsubscribe-done"));
        var settings = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.False(settings.IsEnabled(NotificationTopic.Offers, NotificationChannel.Email));
    }
}
