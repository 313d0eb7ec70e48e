using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Portal.Chat;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Security;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Chat;

/// <summary>A hub connection holds only the rights its person has now, by the database, and hears only its own chats.</summary>
public class ChatRightsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static Task ClosedAsync(HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        return closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private async Task<ChatUser> OnDutyAgentAsync()
    {
        var agent = await factory.NewSignedInCustomerAsync("Omar On Duty", Roles.Agent);
        await agent.ConnectAsync();
        return agent;
    }

    private Task<bool> AdminDoesAsync(Func<PeopleAdministration, string, Task<PeopleAdminResult>> change) =>
        factory.WithServiceAsync<bool, PeopleAdministration>(async admin =>
        {
            var actor = await factory.PersonAsync("admin@demo.local");
            return (await change(admin, actor.Id)).Succeeded;
        });

    [Fact]
    public async Task An_agent_who_opened_a_waiting_chat_hears_nothing_more_once_another_agent_accepts_it()
    {
        await using var omar = await factory.NewSignedInCustomerAsync("Omar Peeks", Roles.Agent);
        await using var nadia = await factory.NewSignedInCustomerAsync("Nadia Accepts", Roles.Agent);
        await omar.ConnectAsync();
        await nadia.ConnectAsync();
        await using var sam = await factory.NewSignedInCustomerAsync("Sam Private");
        var id = await sam.StartChatAsync();
        await sam.ConnectAsync();
        await sam.Hub.InvokeAsync<ChatStateDto>("Join", id);
        await omar.Hub.InvokeAsync<ChatStateDto>("Join", id);
        var overheard = new List<string>();
        omar.Hub.On<ChatMessageDto>("message", m => { lock (overheard) overheard.Add(m.Body); });
        omar.Hub.On<TypingSeen>("typing", t => { lock (overheard) overheard.Add("typing " + t.ConversationId); });

        await nadia.Hub.InvokeAsync<ChatStateDto>("Accept", id);
        var reachedNadia = nadia.Hub.NextAsync<ChatMessageDto>("message", m => m.Body == "My card number ends 4411");
        await sam.Hub.InvokeAsync("Typing", id);
        await sam.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "My card number ends 4411");
        await reachedNadia;
        // Events reach a connection in order: the agents' queue update sent after it closes Omar's window.
        var queueSeen = omar.Hub.NextAsync<object>("waiting");
        await using var next = await factory.NewSignedInCustomerAsync("Next In Line");
        await next.StartChatAsync();
        await queueSeen;

        lock (overheard) Assert.Empty(overheard);
        await Assert.ThrowsAsync<HubException>(() => omar.Hub.InvokeAsync<ChatStateDto>("Join", id));
    }

    [Fact]
    public async Task Removing_the_agent_role_closes_the_console_and_a_new_connection_is_a_customers()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Demoted", Roles.Agent);
        var hub = await agent.ConnectAsync();
        await hub.InvokeAsync<AgentStateDto>("AgentState");
        var closed = ClosedAsync(hub);

        Assert.True(await AdminDoesAsync((admin, actor) => admin.RemoveRoleAsync(actor, agent.UserId, Roles.Agent)));

        await closed;
        var again = await agent.ConnectAsync();
        await Assert.ThrowsAsync<HubException>(() => again.InvokeAsync<AgentStateDto>("AgentState"));
    }

    [Fact]
    public async Task A_role_removed_behind_the_apps_back_is_refused_on_the_very_next_call()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Quietly Demoted", Roles.Agent);
        var hub = await agent.ConnectAsync();
        await hub.InvokeAsync<AgentStateDto>("AgentState");
        var closed = ClosedAsync(hub);
        // Straight through Identity: nobody tells the hub, the next call finds out.
        await factory.WithServiceAsync<bool, UserManager<PortalUser>>(async users =>
            (await users.RemoveFromRoleAsync((await users.FindByIdAsync(agent.UserId))!, Roles.Agent)).Succeeded);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync<AgentStateDto>("AgentState"));
        Assert.IsNotType<TimeoutException>(refused);
        await closed;
    }

    [Fact]
    public async Task Locking_the_account_closes_its_connections()
    {
        await using var onDuty = await OnDutyAgentAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Locked");
        var id = await customer.StartChatAsync();
        var hub = await customer.ConnectAsync();
        await hub.InvokeAsync<ChatStateDto>("Join", id);
        var closed = ClosedAsync(hub);

        Assert.True(await AdminDoesAsync((admin, actor) => admin.LockAsync(actor, customer.UserId)));

        await closed;
        await Assert.ThrowsAnyAsync<Exception>(() => customer.ConnectAsync());
    }

    [Fact]
    public async Task Signing_out_everywhere_closes_the_chat_of_every_browser()
    {
        await using var onDuty = await OnDutyAgentAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Everywhere");
        var id = await customer.StartChatAsync();
        var hub = await customer.ConnectAsync();
        await hub.InvokeAsync<ChatStateDto>("Join", id);
        var closed = ClosedAsync(hub);

        await factory.WithServiceAsync<int, SignInSessions>(sessions => sessions.EndAllAsync(customer.UserId, SessionEndReasons.SignedOutEverywhereElse));

        await closed;
    }

    [Fact]
    public async Task A_session_ended_without_telling_the_hub_is_refused_on_the_next_call()
    {
        await using var onDuty = await OnDutyAgentAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Ended");
        var id = await customer.StartChatAsync();
        var hub = await customer.ConnectAsync();
        await hub.InvokeAsync<ChatStateDto>("Join", id);
        var closed = ClosedAsync(hub);
        await factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<SignInSession>().Where(s => s.UserId == customer.UserId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAtUtc, DateTime.UtcNow)));

        await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "still here?"));

        await closed;
        var transcript = await factory.ChatAsync(c => c.TranscriptAsync(id, new Portal.Core.Chat.ChatViewer(customer.UserId, false)));
        Assert.DoesNotContain(transcript!, m => m.Body == "still here?");
    }

    /// <summary>A customer and an agent in an accepted chat, both connected, each having sent a message.</summary>
    private async Task<(ChatUser Customer, ChatUser Agent, long Id)> TalkingAsync(string customerName, string agentName)
    {
        var (customer, agent, id) = await factory.AcceptedChatAsync(customerName, agentName);
        await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Hello?");
        await agent.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Hello, how can I help?");
        return (customer, agent, id);
    }

    /// <summary>The next message is refused, the connection closes and nothing was stored.</summary>
    private async Task NextMessageIsRefusedAsync(ChatUser sender, ChatUser reader, long id, bool readerIsAgent)
    {
        var closed = ClosedAsync(sender.Hub);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            sender.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "one more thing"));
        Assert.IsNotType<TimeoutException>(refused);
        await closed;
        var transcript = await factory.ChatAsync(c => c.TranscriptAsync(id, new Portal.Core.Chat.ChatViewer(reader.UserId, readerIsAgent)));
        Assert.DoesNotContain(transcript!, m => m.Body == "one more thing");
    }

    [Fact]
    public async Task A_session_ended_between_two_messages_refuses_the_second()
    {
        var (customer, agent, id) = await TalkingAsync("Sam Two Messages", "Omar Two Messages");
        await using var _ = customer;
        await using var __ = agent;
        await factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<SignInSession>().Where(s => s.UserId == customer.UserId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAtUtc, DateTime.UtcNow)));

        await NextMessageIsRefusedAsync(customer, agent, id, readerIsAgent: true);
    }

    [Fact]
    public async Task An_account_locked_behind_the_apps_back_cannot_send_its_next_message()
    {
        var (customer, agent, id) = await TalkingAsync("Sam Quietly Locked", "Omar Sees Lock");
        await using var _ = customer;
        await using var __ = agent;
        // Straight through Identity: nobody tells the hub.
        Assert.True(await factory.WithServiceAsync<bool, UserManager<PortalUser>>(async users =>
            (await users.SetLockoutEndDateAsync((await users.FindByIdAsync(customer.UserId))!, DateTimeOffset.UtcNow.AddDays(1))).Succeeded));

        await NextMessageIsRefusedAsync(customer, agent, id, readerIsAgent: true);
    }

    [Fact]
    public async Task An_agent_whose_role_was_removed_behind_the_apps_back_cannot_send_their_next_message()
    {
        var (customer, agent, id) = await TalkingAsync("Sam Keeps Asking", "Omar Quietly Removed");
        await using var _ = customer;
        await using var __ = agent;
        Assert.True(await factory.WithServiceAsync<bool, UserManager<PortalUser>>(async users =>
            (await users.RemoveFromRoleAsync((await users.FindByIdAsync(agent.UserId))!, Roles.Agent)).Succeeded));

        await NextMessageIsRefusedAsync(agent, customer, id, readerIsAgent: false);
    }

    public sealed record TypingSeen(long ConversationId, string Side, string Name);
}
