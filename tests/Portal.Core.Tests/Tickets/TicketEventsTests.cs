using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Tickets;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Tickets;

public class TicketEventsTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static JsonElement Payload(OutboxMessage m) => JsonDocument.Parse(m.Payload).RootElement;

    private Task<int> LastCommentIdAsync(int ticketId) =>
        _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<TicketComment>().Where(c => c.TicketId == ticketId).MaxAsync(c => c.Id));

    [Fact]
    public async Task Creating_a_ticket_stores_TicketCreated_with_its_ids()
    {
        var customer = await _db.AddCustomerAsync();

        var ticket = await _db.OpenTicketAsync(customer);

        var created = Assert.Single(await _db.OutboxAsync());
        Assert.Equal(nameof(TicketCreated), created.Type);
        Assert.Equal(customer.UserId, created.StreamKey);
        Assert.Equal($$"""{"UserId":"{{customer.UserId}}","TicketId":{{ticket.Id}},"Number":{{ticket.Number}}}""", created.Payload);
    }

    [Fact]
    public async Task A_contact_form_ticket_is_its_own_stream_and_carries_no_email()
    {
        var ticket = (await _db.TicketsAsync(t => t.CreateFromContactAsync("Mona", "mona@example.com", "Opening hours", "When do you open?"))).Ticket!;

        var created = Assert.Single(await _db.OutboxAsync(nameof(TicketCreated)));
        Assert.Equal($"ticket:{ticket.Id}", created.StreamKey);
        Assert.DoesNotContain("mona", created.Payload, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_agents_public_reply_stores_TicketAgentReplied_and_the_status_it_moved()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        var agent = await _db.AddAgentAsync();

        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "Looking into it."));

        var messages = (await _db.OutboxAsync()).Skip(1).ToList();
        Assert.Equal([nameof(TicketAgentReplied), nameof(TicketStatusChanged)], messages.Select(m => m.Type));
        var replied = Payload(messages[0]);
        Assert.Equal(customer.UserId, replied.GetProperty("UserId").GetString());
        Assert.Equal(ticket.Id, replied.GetProperty("TicketId").GetInt32());
        Assert.Equal(await LastCommentIdAsync(ticket.Id), replied.GetProperty("MessageId").GetInt32());
        Assert.Equal($$"""{"UserId":"{{customer.UserId}}","TicketId":{{ticket.Id}},"From":"New","To":"Open"}""", messages[1].Payload);
    }

    [Fact]
    public async Task Internal_notes_and_customer_replies_raise_no_reply_event()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        var agent = await _db.AddAgentAsync();

        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "Customer sounds upset.", isInternal: true));
        await _db.TicketsAsync(t => t.ReplyAsync(customer, ticket.Number, "Any news?"));

        Assert.Equal([nameof(TicketCreated)], (await _db.OutboxAsync()).Select(m => m.Type));
    }

    [Fact]
    public async Task A_status_change_stores_TicketStatusChanged_and_a_refused_one_stores_nothing()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        var agent = await _db.AddAgentAsync();

        Assert.True((await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.Resolved))).Succeeded);
        Assert.Equal(TicketError.InvalidTransition, (await _db.TicketsAsync(t => t.ChangeStatusAsync(customer, ticket.Number, TicketStatus.Open))).Error);
        Assert.Equal(TicketError.InvalidTransition, (await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.Pending))).Error);

        var changed = Assert.Single(await _db.OutboxAsync(nameof(TicketStatusChanged)));
        Assert.Equal($$"""{"UserId":"{{customer.UserId}}","TicketId":{{ticket.Id}},"From":"New","To":"Resolved"}""", changed.Payload);
    }

    [Fact]
    public async Task Auto_close_stores_TicketStatusChanged_to_closed()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        var agent = await _db.AddAgentAsync();
        await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.Resolved));

        Assert.Equal(1, await _db.TicketsAsync(t => t.CloseStaleResolvedAsync(_db.Clock.Now.UtcDateTime.AddDays(30))));

        var changes = (await _db.OutboxAsync(nameof(TicketStatusChanged))).Select(m => Payload(m).GetProperty("To").GetString());
        Assert.Equal(["Resolved", "Closed"], changes);
    }
}
