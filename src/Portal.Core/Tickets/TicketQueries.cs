using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Tickets;

public sealed record TicketSummary(
    int Number, string Subject, TicketCategory Category, TicketPriority Priority, TicketStatus Status,
    string RequesterName, bool IsVisitor, string? AssignedAgentName, DateTime CreatedAtUtc, DateTime UpdatedAtUtc,
    bool HasNewReply = false)
{
    public string Display => Ticket.Display(Number);
}

public sealed record TimelineComment(int Id, string AuthorName, bool ByAgent, bool IsInternal, string Body)
{
    /// <summary>The files sent with this message.</summary>
    public IReadOnlyList<AttachmentInfo> Attachments { get; init; } = [];
}

public sealed record TimelineEvent(TicketEventKind Kind, string ActorName, bool BySystem, TicketStatus? FromStatus, TicketStatus? ToStatus, string? Detail, bool IsInternal);

/// <summary>One entry of a ticket's history: a comment or an event.</summary>
public sealed record TimelineEntry(DateTime AtUtc, TimelineComment? Comment, TimelineEvent? Event)
{
    public string Id => Comment is { } c ? $"comment-{c.Id}" : $"event-{AtUtc.Ticks}-{Event!.Kind}";
}

public sealed record AttachmentInfo(int Id, string OriginalName, string ContentType, long Size);

/// <summary>A ticket as one viewer may see it: a customer's view has no internal notes and no agent-side events.</summary>
public sealed record TicketView(Ticket Ticket, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<AttachmentInfo> Attachments)
{
    public string Display => Ticket.Display(Ticket.Number);
}

public enum QueueScope { Unassigned, Mine, All }

/// <summary>The agent queue's filters. <see cref="Statuses"/> null means every status.</summary>
public sealed record QueueFilter(QueueScope Scope, IReadOnlyList<TicketStatus>? Statuses, TicketPriority? Priority, int Page = 1);

public sealed record QueuePage(IReadOnlyList<TicketSummary> Tickets, int Page, int PageSize, int Total)
{
    public int PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

public sealed record AgentChoice(string Id, string Name);

/// <summary>A line of the customer's help page: where the ticket stands and who wrote last.</summary>
public sealed record TicketActivity(int Number, string Subject, TicketStatus Status, DateTime UpdatedAtUtc, DateTime? LastReplyAtUtc, bool? LastReplyByAgent,
    bool HasNewReply = false)
{
    public string Display => Ticket.Display(Number);
    public bool IsOpen => TicketStateMachine.Active.Contains(Status);
}

public sealed record CustomerTickets(IReadOnlyList<TicketSummary> Open, IReadOnlyList<TicketSummary> Recent);

/// <summary>Reads for pages, the API and panels. Everything a customer sees comes through <see cref="TicketVisibility"/>.</summary>
public sealed class TicketQueries(PortalDbContext db)
{
    public const int PageSize = 20;

    public async Task<TicketView?> ViewAsync(TicketActor viewer, int number, CancellationToken ct = default)
    {
        var ticket = await db.Set<Ticket>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(t => t.Number == number, ct);
        if (ticket is null) return null;
        var views = await ViewsAsync(viewer, [ticket], ct);
        return views[0];
    }

    /// <summary>The customer's own tickets with their timelines, newest first (the API's list).</summary>
    /// <summary>
    /// A contact-form ticket as its visitor sees it through the mailed link: what a customer would see of their own
    /// ticket (no internal notes). Null for a customer's ticket, which is read signed in.
    /// </summary>
    public async Task<TicketView?> VisitorViewAsync(int ticketId, CancellationToken ct = default)
    {
        var ticket = await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerUserId == null, ct);
        if (ticket is null) return null;
        var views = await ViewsAsync(new TicketActor("", ticket.RequesterName, IsAgent: false), [ticket], ct);
        return views[0];
    }

    /// <summary>One attachment of a visitor's ticket, for the mailed link's page.</summary>
    public async Task<TicketAttachment?> VisitorAttachmentAsync(int ticketId, int attachmentId, CancellationToken ct = default) =>
        await db.Set<TicketAttachment>().AsNoTracking().NotInternal(db.Set<TicketComment>())
            .Where(a => a.Id == attachmentId && a.TicketId == ticketId)
            .Join(db.Set<Ticket>().Where(t => t.CustomerUserId == null), a => a.TicketId, t => t.Id, (a, _) => a)
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<TicketView>> MineWithTimelinesAsync(TicketActor customer, CancellationToken ct = default)
    {
        var tickets = await db.Set<Ticket>().AsNoTracking().VisibleTo(customer)
            .OrderByDescending(t => t.Number).Take(100).ToListAsync(ct);
        return await ViewsAsync(customer, tickets, ct);
    }

    private async Task<IReadOnlyList<TicketView>> ViewsAsync(TicketActor viewer, IReadOnlyList<Ticket> tickets, CancellationToken ct)
    {
        var ids = tickets.Select(t => t.Id).ToList();
        var comments = await db.Set<TicketComment>().AsNoTracking().VisibleTo(viewer).Where(c => ids.Contains(c.TicketId)).ToListAsync(ct);
        var events = await db.Set<TicketEvent>().AsNoTracking().VisibleTo(viewer).Where(e => ids.Contains(e.TicketId)).ToListAsync(ct);
        var files = await db.Set<TicketAttachment>().AsNoTracking().VisibleTo(viewer, db.Set<TicketComment>())
            .Where(a => ids.Contains(a.TicketId)).OrderBy(a => a.Id).ToListAsync(ct);
        return tickets.Select(ticket =>
        {
            var own = comments.Where(c => c.TicketId == ticket.Id).ToList();
            var firstId = own.Count > 0 ? own.Min(c => c.Id) : 0;
            // Files from before messages had their own went with the ticket, that is with its first message.
            var filesOf = files.Where(a => a.TicketId == ticket.Id)
                .ToLookup(a => a.CommentId ?? firstId, a => new AttachmentInfo(a.Id, a.OriginalName, a.ContentType, a.Size));
            var timeline = own
                .Select(c => (Order: c.Id * 2 + 1, Entry: new TimelineEntry(c.AtUtc,
                    new TimelineComment(c.Id, c.AuthorName, c.ByAgent, c.IsInternal, c.Body) { Attachments = filesOf[c.Id].ToList() }, null)))
                .Concat(events.Where(e => e.TicketId == ticket.Id)
                    .Select(e => (Order: e.Id * 2, Entry: new TimelineEntry(e.AtUtc, null,
                        new TimelineEvent(e.Kind, e.ActorName, e.ActorUserId is null && e.Kind == TicketEventKind.AutoClosed, e.FromStatus, e.ToStatus, e.Detail, e.IsInternal)))))
                // Time order; within one instant, the creation event before the first message.
                .OrderBy(x => x.Entry.AtUtc).ThenBy(x => x.Entry.Event?.Kind == TicketEventKind.Created ? 0 : 1).ThenBy(x => x.Order)
                .Select(x => x.Entry).ToList();
            var attachments = files.Where(a => a.TicketId == ticket.Id)
                .Select(a => new AttachmentInfo(a.Id, a.OriginalName, a.ContentType, a.Size)).ToList();
            return new TicketView(ticket, timeline, attachments);
        }).ToList();
    }

    /// <summary>The customer's tickets that still need someone (new, open or pending).</summary>
    public Task<int> OpenCountAsync(TicketActor customer, CancellationToken ct = default) =>
        customer.IsAgent
            ? db.Set<Ticket>().AsNoTracking().Where(t => TicketStateMachine.Active.Contains(t.Status)).CountAsync(ct)
            : OpenCountOf.For(db)(db, customer.UserId, ct);

    // The home page asks on every visit: compiled once, so EF skips building and looking the query up.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<int>>> OpenCountOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) => db.Set<Ticket>().Count(t =>
            t.CustomerUserId == customerId && TicketStateMachine.Active.Contains(t.Status))));

    public async Task<IReadOnlyList<TicketSummary>> MineAsync(TicketActor customer, CancellationToken ct = default)
    {
        if (customer.IsAgent)
            return await Summaries(db.Set<Ticket>().AsNoTracking().OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Number)
                .Take(MineLimit)).ToListAsync(ct);
        var list = new List<TicketSummary>();
        await foreach (var row in MineOf.For(db)(db, customer.UserId).WithCancellation(ct)) list.Add(row);
        return list;
    }

    private const int MineLimit = 200;

    private static readonly Expression<Func<Ticket, TicketSummary>> SummaryOf = t => new TicketSummary(t.Number, t.Subject,
        t.Category, t.Priority, t.Status, t.RequesterName, t.CustomerUserId == null, t.AssignedAgentName, t.CreatedAtUtc, t.UpdatedAtUtc,
        t.LastAgentReplyAtUtc != null && (t.CustomerSeenAtUtc == null || t.LastAgentReplyAtUtc > t.CustomerSeenAtUtc));

    // /tickets lists them on every visit: compiled once, so EF skips building and looking the query up.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<TicketSummary>>> MineOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId) => db.Set<Ticket>().AsNoTracking()
            .Where(t => t.CustomerUserId == customerId)
            .OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Number).Take(MineLimit).Select(SummaryOf)));

    /// <summary>
    /// The customer's help page: every open ticket (up to 10) and the latest <paramref name="recent"/> others, each
    /// with its last public message. Most recently changed first.
    /// </summary>
    public async Task<IReadOnlyList<TicketActivity>> ActivityAsync(TicketActor customer, int recent = 3, CancellationToken ct = default)
    {
        var mine = db.Set<Ticket>().AsNoTracking().VisibleTo(customer);
        var open = await mine.Where(t => TicketStateMachine.Active.Contains(t.Status))
            .OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Number).Take(10).ToListAsync(ct);
        var done = await mine.Where(t => !TicketStateMachine.Active.Contains(t.Status))
            .OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Number).Take(recent).ToListAsync(ct);
        var tickets = open.Concat(done).ToList();
        var ids = tickets.Select(t => t.Id).ToList();
        var lastIds = await db.Set<TicketComment>().AsNoTracking().VisibleTo(customer)
            .Where(c => ids.Contains(c.TicketId)).GroupBy(c => c.TicketId).Select(g => g.Max(c => c.Id)).ToListAsync(ct);
        var last = await db.Set<TicketComment>().AsNoTracking().Where(c => lastIds.Contains(c.Id))
            .Select(c => new { c.TicketId, c.AtUtc, c.ByAgent }).ToDictionaryAsync(x => x.TicketId, ct);
        return tickets.Select(t => last.TryGetValue(t.Id, out var c)
                ? new TicketActivity(t.Number, t.Subject, t.Status, t.UpdatedAtUtc, c.AtUtc, c.ByAgent, HasNew(t))
                : new TicketActivity(t.Number, t.Subject, t.Status, t.UpdatedAtUtc, null, null, HasNew(t)))
            .ToList();
    }

    private static bool HasNew(Ticket t) => t.LastAgentReplyAtUtc is { } reply && (t.CustomerSeenAtUtc is not { } seen || reply > seen);

    /// <summary>
    /// The agents' queue. Urgent tickets are pinned on top; within that, oldest first — the customer who has waited
    /// longest comes next. <see cref="PageSize"/> a page.
    /// </summary>
    public async Task<QueuePage> QueueAsync(TicketActor agent, QueueFilter filter, CancellationToken ct = default)
    {
        if (!agent.IsAgent) return new QueuePage([], 1, PageSize, 0);
        var query = db.Set<Ticket>().AsNoTracking();
        query = filter.Scope switch
        {
            QueueScope.Unassigned => query.Where(t => t.AssignedAgentId == null),
            QueueScope.Mine => query.Where(t => t.AssignedAgentId == agent.UserId),
            _ => query,
        };
        if (filter.Statuses is { Count: > 0 } statuses) query = query.Where(t => statuses.Contains(t.Status));
        if (filter.Priority is { } priority) query = query.Where(t => t.Priority == priority);
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await Summaries(query
                .OrderBy(t => t.Priority == TicketPriority.Urgent ? 0 : 1).ThenBy(t => t.CreatedAtUtc).ThenBy(t => t.Number)
                .Skip((page - 1) * PageSize).Take(PageSize))
            .ToListAsync(ct);
        return new QueuePage(rows, page, PageSize, total);
    }

    /// <summary>For the staff profile: the customer's open tickets and their latest others.</summary>
    public async Task<CustomerTickets> ForCustomerAsync(string customerUserId, CancellationToken ct = default)
    {
        var all = await Summaries(db.Set<Ticket>().AsNoTracking().Where(t => t.CustomerUserId == customerUserId)
            .OrderByDescending(t => t.Number).Take(50)).ToListAsync(ct);
        var open = all.Where(t => TicketStateMachine.Active.Contains(t.Status)).ToList();
        var recent = all.Where(t => !TicketStateMachine.Active.Contains(t.Status)).Take(5).ToList();
        return new CustomerTickets(open, recent);
    }

    public async Task<TicketAttachment?> AttachmentAsync(TicketActor viewer, int number, int attachmentId, CancellationToken ct = default) =>
        await db.Set<TicketAttachment>().AsNoTracking().VisibleTo(viewer, db.Set<TicketComment>())
            .Where(a => a.Id == attachmentId)
            .Join(db.Set<Ticket>().VisibleTo(viewer).Where(t => t.Number == number), a => a.TicketId, t => t.Id, (a, _) => a)
            .FirstOrDefaultAsync(ct);

    /// <summary>Everyone who can take tickets: agents and admins, by name.</summary>
    public async Task<IReadOnlyList<AgentChoice>> AgentsAsync(CancellationToken ct = default)
    {
        var roleIds = db.Roles.Where(r => r.Name == Roles.Agent || r.Name == Roles.Admin).Select(r => r.Id);
        var userIds = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new AgentChoice(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>The email of the ticket's customer, or the visitor's own.</summary>
    public async Task<string?> RequesterEmailAsync(Ticket ticket, CancellationToken ct = default) =>
        ticket.RequesterEmail ?? await db.Users.Where(u => u.Id == ticket.CustomerUserId).Select(u => u.Email).FirstOrDefaultAsync(ct);

    private static IQueryable<TicketSummary> Summaries(IQueryable<Ticket> tickets) => tickets.Select(SummaryOf);

}
