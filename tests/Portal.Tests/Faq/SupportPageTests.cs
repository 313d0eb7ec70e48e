using Microsoft.AspNetCore.SignalR.Client;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Tickets;
using Portal.Tests.Chat;
using Portal.Tests.Infrastructure;
using Portal.Tests.Tickets;
using Portal.Tests.Customers;
using Microsoft.AspNetCore.SignalR;

namespace Portal.Tests.Faq;

/// <summary>/support as the one place for help: the customer's own tickets and chats, and whether chat is staffed.</summary>
public class SupportPageTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    [Fact]
    public async Task A_signed_in_customer_sees_their_open_tickets_with_who_replied_last_and_nobody_elses()
    {
        await using var sam = await factory.NewSignedInCustomerAsync("Sam Helpdesk");
        await using var other = await factory.NewSignedInCustomerAsync("Nora Other");
        var mine = await sam.Client.CreateTicketAsync("Where are my points");
        var theirs = await other.Client.CreateTicketAsync("Not for Sam");
        await factory.WithServiceAsync<TicketResult, TicketService>(t =>
            t.ReplyAsync(new TicketActor("agent-x", "Omar", IsAgent: true), mine, "We are looking into it."));

        var page = await sam.Client.GetDocumentAsync("/support");

        var row = page.GetElementById($"my-ticket-{mine}") ?? throw new Xunit.Sdk.XunitException("Sam's ticket is not on /support.");
        Assert.Equal($"/tickets/{mine}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Where are my points", row.TextContent);
        Assert.Contains("Last reply: Support team", row.TextContent);
        Assert.Equal("Open", row.QuerySelector("[data-status]")!.GetAttribute("data-status"));
        Assert.Null(page.GetElementById($"my-ticket-{theirs}"));
    }

    [Fact]
    public async Task A_customers_ended_chat_links_to_its_transcript_and_an_open_one_back_to_the_chat()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Support", Roles.Agent);
        await agent.ConnectAsync();
        await using var sam = await factory.NewSignedInCustomerAsync("Sam Chats");
        var first = await sam.StartChatAsync();
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", first);
        await agent.Hub.InvokeAsync("Close", first);
        // The page offers the rating of the first for a day; a second tab starts the next chat.
        var second = (await factory.ChatAsync(c => c.StartAsync(sam.UserId))).Id;

        var page = await sam.Client.GetDocumentAsync("/support");

        var ended = page.GetElementById($"my-chat-{first}")!;
        Assert.Equal($"/support/chat/history/{first}", ended.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Chat with Omar Support", ended.TextContent);
        Assert.Contains("Chat ended", ended.TextContent);
        var open = page.GetElementById($"my-chat-{second}")!;
        Assert.Equal("/support/chat", open.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("In the queue", open.TextContent);
        Assert.Equal("Back to your chat", page.GetElementById("chat-entry-link")!.TextContent.Trim());
    }

    [Fact]
    public async Task Visitors_see_no_personal_lists_and_chat_availability_is_said_before_clicking()
    {
        using var visitor = factory.NewClient();
        var page = await visitor.GetDocumentAsync("/support");
        Assert.Null(page.GetElementById("my-support"));

        await using var sam = await factory.NewSignedInCustomerAsync("Sam Asks");
        var before = await sam.Client.GetDocumentAsync("/support");
        Assert.Equal("false", before.GetElementById("chat-availability")!.GetAttribute("data-available"));
        Assert.Contains("No agent is online right now.", before.GetElementById("chat-availability")!.TextContent);
        Assert.Contains("we usually reply within one working day", before.GetElementById("chat-reply-time")!.TextContent);
        Assert.Null(before.GetElementById("chat-entry-link"));

        await using var agent = await factory.NewSignedInCustomerAsync("Omar Online", Roles.Agent);
        await agent.ConnectAsync();
        var after = await sam.Client.GetDocumentAsync("/support");
        Assert.Equal("true", after.GetElementById("chat-availability")!.GetAttribute("data-available"));
        Assert.Contains("An agent is online now.", after.GetElementById("chat-availability")!.TextContent);
        Assert.Equal("/support/chat", after.GetElementById("chat-entry-link")!.GetAttribute("href"));
    }
}

/// <summary>The agent's online/away switch: an away agent does not count as online for customers.</summary>
public class AgentAwayTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_agent_who_switches_to_away_is_not_offered_to_customers_until_back()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Away", Roles.Agent);
        await agent.ConnectAsync();
        await using var sam = await factory.NewSignedInCustomerAsync("Sam Waits");
        Assert.Equal("true", (await sam.Client.GetDocumentAsync("/support")).GetElementById("chat-availability")!.GetAttribute("data-available"));
        Assert.False(await agent.Hub.InvokeAsync<bool>("IsAway"));

        Assert.True(await agent.Hub.InvokeAsync<bool>("SetAway", true));

        Assert.Equal("false", (await sam.Client.GetDocumentAsync("/support")).GetElementById("chat-availability")!.GetAttribute("data-available"));
        var chat = await sam.Client.GetDocumentAsync("/support/chat");
        Assert.NotNull(chat.GetElementById("chat-unavailable"));
        Assert.Null(chat.GetElementById("start-chat"));
        // Reconnecting (a reload of the console) keeps the choice.
        await agent.Hub.StopAsync();
        await agent.ConnectAsync();
        Assert.True(await agent.Hub.InvokeAsync<bool>("IsAway"));

        Assert.False(await agent.Hub.InvokeAsync<bool>("SetAway", false));
        Assert.NotNull((await sam.Client.GetDocumentAsync("/support/chat")).GetElementById("start-chat"));
    }

    [Fact]
    public async Task Customers_cannot_switch_anyones_presence()
    {
        await using var sam = await factory.NewSignedInCustomerAsync("Sam Switch");
        await sam.ConnectAsync();
        await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync<bool>("SetAway", true));
    }

    [Fact]
    public async Task The_agent_console_marks_exactly_one_current_section_and_offers_canned_replies()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Nav", Roles.Agent);

        var page = await agent.Client.GetDocumentAsync("/agent");

        // One page and one group in the header (the customer's own "Live chat" is not marked); the closed More sheet repeats the list.
        var current = Assert.Single(page.QuerySelectorAll("#header-nav [aria-current='page']"));
        Assert.Equal("/agent", current.GetAttribute("href"));
        Assert.Single(page.QuerySelectorAll("#header-nav [aria-current='true']"));
        Assert.Equal("false", page.QuerySelector("#header-nav a[href='/support/chat']")?.GetAttribute("aria-current") ?? "false");
        Assert.NotNull(page.QuerySelector("#chat-form #canned-reply option[value='/thanks']"));
        Assert.Equal("switch", page.GetElementById("presence-toggle")!.GetAttribute("role"));
    }
}

/// <summary>A finished chat's transcript, emailed on request through the notification deliveries.</summary>
public class ChatTranscriptEmailTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_customer_emails_themselves_a_finished_chat_once_and_cannot_email_anyone_elses()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Transcript", Roles.Agent);
        await agent.ConnectAsync();
        var samUser = await Portal.Tests.Customers.PeopleTestData.NewCustomerAsync(factory, "Sam Transcript");
        await using var sam = await factory.SignInAsync(samUser.Email!);
        var id = await sam.StartChatAsync();
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);
        await sam.ConnectAsync();
        await sam.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Where is order 4821?");
        await agent.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "It ships tomorrow.");
        await agent.Hub.InvokeAsync("Close", id);
        // The welcome mail of the new account goes first.
        factory.DeliverNotifications();

        // Offered where the chat ended and in the history.
        Assert.NotNull((await sam.Client.GetDocumentAsync("/support/chat")).GetElementById("email-transcript"));
        var sent = await sam.Client.SubmitFormAsync($"/support/chat/history/{id}", "#email-transcript-form", new Dictionary<string, string>());
        Assert.Equal(System.Net.HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("We are emailing you this transcript.", (await sam.Client.GetDocumentAsync($"/support/chat/history/{id}")).GetElementById("status-message")!.TextContent);

        var mail = factory.LastEmailTo(samUser.Email!)!;
        Assert.Equal("Your chat transcript", mail.Subject);
        Assert.Contains("Where is order 4821?", mail.TextBody);
        Assert.Contains("It ships tomorrow.", mail.TextBody);
        Assert.Contains("Omar Transcript", mail.TextBody);
        // In the customer's history with support, not with password and sign-in changes.
        var topic = await factory.WithServiceAsync<Portal.Core.Notifications.NotificationTopic, Portal.Core.Data.PortalDbContext>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.Set<Portal.Core.Notifications.Notification>().Where(n => n.SourceKey == ChatTranscriptMail.SourceKey(id)).Select(n => n.Topic)));
        Assert.Equal(Portal.Core.Notifications.NotificationTopic.Tickets, topic);

        await sam.Client.SubmitFormAsync($"/support/chat/history/{id}", "#email-transcript-form", new Dictionary<string, string>());
        Assert.Equal("This transcript was already emailed to you.", (await sam.Client.GetDocumentAsync($"/support/chat/history/{id}")).GetElementById("status-message")!.TextContent);

        await using var nora = await factory.NewSignedInCustomerAsync("Nora Nosy");
        var stolen = await nora.Client.PostCraftedAsync("/support/chat/history", $"/support/chat/history/{id}?handler=Email", new Dictionary<string, string>());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, stolen.StatusCode);
    }
}
