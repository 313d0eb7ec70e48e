using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Chat;

public class ChatPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task With_no_agent_online_the_page_offers_to_leave_a_message_instead()
    {
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Alone");

        var page = await customer.Client.GetDocumentAsync("/support/chat");

        Assert.NotNull(page.GetElementById("chat-unavailable"));
        Assert.Null(page.GetElementById("start-chat"));
        Assert.Equal("/support/contact", page.GetElementById("leave-message")!.GetAttribute("href"));
        // Pressing start anyway (an old tab) opens nothing.
        var response = await customer.Client.PostCraftedAsync("/support/chat", "/support/chat?handler=start", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await factory.ChatAsync(c => c.OpenConversationAsync(customer.UserId)));
    }

    [Fact]
    public async Task With_an_agent_online_the_customer_starts_a_chat_and_sees_the_queue()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Here", Roles.Agent);
        await agent.ConnectAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Queue");
        var waiting = agent.Hub.NextAsync<List<ChatConversationDto>>("waiting", list => list.Any(c => c.CustomerName == "Sam Queue"));

        var id = await customer.StartChatAsync();

        var page = await customer.Client.GetDocumentAsync("/support/chat");
        Assert.Matches(@"You are number \d+ in the queue", page.GetElementById("chat-state")!.TextContent);
        Assert.Equal("Leave the queue", page.GetElementById("chat-close")!.TextContent.Trim());
        Assert.Contains(await waiting, c => c.Id == id);
        // Starting again (a second tab) resumes the same chat.
        await customer.Client.PostCraftedAsync("/support/chat", "/support/chat?handler=start", new Dictionary<string, string>());
        Assert.Equal(id, (await factory.ChatAsync(c => c.OpenConversationAsync(customer.UserId)))!.Id);
        Assert.Single(await factory.ChatAsync(c => c.RecentAsync(customer.UserId, 10)));
    }

    [Fact]
    public async Task A_closed_chat_is_rated_once_and_listed_in_the_history_with_its_transcript()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Rates", Roles.Agent);
        await agent.ConnectAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Rates");
        var id = await customer.StartChatAsync();
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);
        await customer.ConnectAsync();
        await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Thanks for the help");
        await agent.Hub.InvokeAsync("Close", id);

        var ended = await customer.Client.GetDocumentAsync("/support/chat");
        Assert.False(ended.GetElementById("chat-ended")!.HasAttribute("hidden"));
        // Said once: by the rating panel's heading, not also by the state line or a banner.
        Assert.Equal("Chat ended", ended.GetElementById("chat-ended-title")!.TextContent.Trim());
        Assert.True(ended.GetElementById("chat-state")!.HasAttribute("hidden"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(ended.QuerySelector("main")!.TextContent, "Chat ended"));

        var outOfRange = await customer.Client.SubmitFormAsync("/support/chat", "#rating-form", new Dictionary<string, string> { ["Input.Rating"] = "9" });
        Assert.Equal(HttpStatusCode.OK, outOfRange.StatusCode);
        Assert.Contains("Choose a rating from 1 to 5.", (await PortalClient.ParseAsync(outOfRange)).GetElementById("Input_Rating-error")!.TextContent);
        Assert.Null((await factory.ChatAsync(c => c.FindAsync(id)))!.Rating);

        var rated = await customer.Client.SubmitFormAsync("/support/chat", "#rating-form",
            new Dictionary<string, string> { ["Input.Rating"] = "5", ["Input.Comment"] = "Fast answer" });
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        var after = await customer.Client.GetDocumentAsync("/support/chat");
        Assert.Equal("Thank you for rating this chat.", after.GetElementById("status-message")!.TextContent);
        Assert.Null(after.GetElementById("rating-form"));
        var again = await customer.Client.PostCraftedAsync("/support/chat", $"/support/chat?handler=rate&conversationId={id}",
            new Dictionary<string, string> { ["Input.Rating"] = "1" });
        Assert.Equal("You have already rated this chat.", (await PortalClient.ParseAsync(again)).GetElementById("rating-errors")!.TextContent.Trim());
        Assert.Equal(5, (await factory.ChatAsync(c => c.FindAsync(id)))!.Rating);

        var history = await customer.Client.GetDocumentAsync("/support/chat/history");
        Assert.NotNull(history.GetElementById($"past-chat-{id}"));
        var transcript = await customer.Client.GetDocumentAsync($"/support/chat/history/{id}");
        Assert.Equal(["Omar Rates joined the chat", "Thanks for the help"],
            transcript.QuerySelectorAll("#transcript > li").Select(li => (li.QuerySelector("[data-body]") ?? li).TextContent.Trim()));
    }

    [Fact]
    public async Task Another_customers_transcript_is_not_found()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Private", Roles.Agent);
        await agent.ConnectAsync();
        await using var sam = await factory.NewSignedInCustomerAsync("Sam Private");
        var id = await sam.StartChatAsync();
        await sam.Client.PostCraftedAsync("/support/chat", $"/support/chat?handler=close&conversationId={id}", new Dictionary<string, string>());
        await using var layla = await factory.NewSignedInCustomerAsync("Layla Curious");

        Assert.Equal(HttpStatusCode.NotFound, (await layla.Client.Http.GetAsync($"/support/chat/history/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sam.Client.Http.GetAsync($"/support/chat/history/{id}")).StatusCode);
        Assert.Equal(ConversationStatus.Abandoned, (await factory.ChatAsync(c => c.FindAsync(id)))!.Status);
    }

    [Fact]
    public async Task Beside_the_chat_the_agent_sees_the_customers_profile_and_recent_chats()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Profile", Roles.Agent);
        await agent.ConnectAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Profiled");
        var id = await customer.StartChatAsync();
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/agent?handler=customer&conversationId={id}");
        request.Headers.Add("HX-Request", "true");
        var panel = await PortalClient.ParseAsync(await agent.Client.Http.SendAsync(request));

        Assert.Equal("Sam Profiled", panel.GetElementById("customer-panel-name")!.TextContent);
        Assert.Equal("Sam Profiled", panel.GetElementById("account-name")!.TextContent);
        Assert.NotNull(panel.GetElementById($"recent-chat-{id}"));
        Assert.Null(panel.GetElementById("main"));

        // Another agent, to whom the chat does not belong, gets nothing.
        await using var other = await factory.NewSignedInCustomerAsync("Nadia Nosy", Roles.Agent);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.Http.GetAsync($"/agent?handler=customer&conversationId={id}")).StatusCode);
    }

    [Fact]
    public async Task The_agent_console_is_for_agents_and_they_find_it_in_the_menu()
    {
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Not Agent");
        var refused = await customer.Client.Http.GetAsync("/agent");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location!.PathAndQuery);

        await using var agent = await factory.NewSignedInCustomerAsync("Omar Menu", Roles.Agent);
        var page = await agent.Client.GetDocumentAsync("/agent");
        Assert.NotNull(page.GetElementById("agent-console"));
        Assert.Contains(page.QuerySelectorAll("nav a"), a => a.GetAttribute("href") == "/agent" && a.TextContent == "Live chat");
        Assert.All(page.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), "inline <script> found"));
    }

    [Fact]
    public async Task The_staff_profile_lists_recent_chats()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Staff View", Roles.Agent);
        var customer = await Customers.PeopleTestData.NewCustomerAsync(factory, "Sam Never Chatted");
        var page = await agent.Client.GetDocumentAsync($"/staff/customers/{customer.CustomerNumber}");
        Assert.Equal("Recent chats", page.GetElementById("panel-recent-chats-title")!.TextContent);
        Assert.NotNull(page.GetElementById("recent-chats-none"));
    }
}

/// <summary>Business hours that are never open: Monday 00:00 to 00:00, no other day.</summary>
public sealed class ClosedHoursFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Support:BusinessHours:TimeZone", "UTC");
        builder.UseSetting("Support:BusinessHours:Days:Monday:Open", "00:00");
        builder.UseSetting("Support:BusinessHours:Days:Monday:Close", "00:00");
    }
}

public class ChatBusinessHoursTests(ClosedHoursFactory factory) : IClassFixture<ClosedHoursFactory>
{
    [Fact]
    public async Task Outside_business_hours_the_page_says_chat_is_closed_even_with_an_agent_online()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Late", Roles.Agent);
        await agent.ConnectAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Late");

        var page = await customer.Client.GetDocumentAsync("/support/chat");

        Assert.Equal("Live chat is closed at the moment", page.GetElementById("chat-unavailable-title")!.TextContent);
        Assert.NotNull(page.GetElementById("leave-message"));
        Assert.Null(page.GetElementById("start-chat"));
    }
}
