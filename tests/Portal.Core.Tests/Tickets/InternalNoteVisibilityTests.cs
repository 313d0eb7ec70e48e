using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class InternalNoteVisibilityTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Customers_never_see_internal_notes_or_assignments_agents_see_everything()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.TakeAsync(agent, ticket.Number));
        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "SECRET: fraud check pending", isInternal: true));
        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "We are checking your points."));

        var mine = await _db.QueryAsync(q => q.ViewAsync(customer, ticket.Number));
        var list = await _db.QueryAsync(q => q.MineWithTimelinesAsync(customer));
        var agents = await _db.QueryAsync(q => q.ViewAsync(agent, ticket.Number));

        foreach (var view in new[] { mine!, list.Single() })
        {
            Assert.DoesNotContain(view.Timeline, e => e.Comment?.Body.Contains("SECRET") == true);
            Assert.DoesNotContain(view.Timeline, e => e.Comment?.IsInternal == true || e.Event?.IsInternal == true);
            Assert.Contains(view.Timeline, e => e.Comment?.Body == "We are checking your points.");
        }
        Assert.Contains(agents!.Timeline, e => e.Comment is { IsInternal: true, Body: "SECRET: fraud check pending" });
        Assert.Contains(agents.Timeline, e => e.Event?.Kind == TicketEventKind.Assigned);
    }

    [Fact]
    public async Task Files_sent_with_an_internal_note_are_never_the_customers()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "Their till photo", isInternal: true,
            [new AttachmentUpload("till.png", new MemoryStream(AttachmentTests.Png))]));
        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "Your receipt", isInternal: false,
            [new AttachmentUpload("receipt.png", new MemoryStream(AttachmentTests.Png))]));

        var agents = await _db.QueryAsync(q => q.ViewAsync(agent, ticket.Number));
        var mine = await _db.QueryAsync(q => q.ViewAsync(customer, ticket.Number));
        var secret = agents!.Attachments.Single(a => a.OriginalName == "till.png");

        Assert.Equal(["till.png", "receipt.png"], agents.Attachments.Select(a => a.OriginalName));
        Assert.Equal(["receipt.png"], mine!.Attachments.Select(a => a.OriginalName));
        Assert.Null(await _db.QueryAsync(q => q.AttachmentAsync(customer, ticket.Number, secret.Id)));
        Assert.NotNull(await _db.QueryAsync(q => q.AttachmentAsync(agent, ticket.Number, secret.Id)));
    }

    [Fact]
    public async Task A_visitors_reply_through_the_link_keeps_its_files_and_a_refused_file_keeps_nothing()
    {
        var created = await _db.TicketsAsync(t => t.CreateFromContactAsync("Mona", "mona@example.com", "Broken mug", "It arrived broken."));
        var ticket = created.Ticket!;

        var refused = await _db.TicketsAsync(t => t.ReplyAsVisitorAsync(ticket.Id, ticket.Number, "A program",
            [new AttachmentUpload("mug.png", new MemoryStream(AttachmentTests.Exe))]));
        var sent = await _db.TicketsAsync(t => t.ReplyAsVisitorAsync(ticket.Id, ticket.Number, "A photo",
            [new AttachmentUpload("mug.png", new MemoryStream(AttachmentTests.Png))]));
        var otherTicket = await _db.TicketsAsync(t => t.ReplyAsVisitorAsync(ticket.Id + 1, ticket.Number, "Not mine",
            [new AttachmentUpload("x.png", new MemoryStream(AttachmentTests.Png))]));

        Assert.Equal(TicketError.WrongFileType, refused.Error);
        Assert.True(sent.Succeeded);
        Assert.Equal(TicketError.NotFound, otherTicket.Error);
        var view = await _db.QueryAsync(q => q.VisitorViewAsync(ticket.Id));
        var reply = view!.Timeline.Last(e => e.Comment is not null).Comment!;
        Assert.Equal("A photo", reply.Body);
        Assert.Equal(["mug.png"], reply.Attachments.Select(a => a.OriginalName));
        Assert.Single(Directory.GetFiles(_db.TicketOptions.AttachmentsDirectory));
    }
}
