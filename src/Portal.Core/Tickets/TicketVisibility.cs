namespace Portal.Core.Tickets;

/// <summary>
/// What a viewer may see of tickets. Every read goes through these filters: customers get their own tickets and
/// never an internal note or an agent-side event, whichever page, API or message asks.
/// </summary>
public static class TicketVisibility
{
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, TicketActor viewer) =>
        viewer.IsAgent ? tickets : tickets.Where(t => t.CustomerUserId == viewer.UserId);

    public static IQueryable<TicketComment> VisibleTo(this IQueryable<TicketComment> comments, TicketActor viewer) =>
        viewer.IsAgent ? comments : comments.Where(c => !c.IsInternal);

    public static IQueryable<TicketEvent> VisibleTo(this IQueryable<TicketEvent> events, TicketActor viewer) =>
        viewer.IsAgent ? events : events.Where(e => !e.IsInternal);

    /// <summary>Files sent with an internal note are staff-only like the note.</summary>
    public static IQueryable<TicketAttachment> VisibleTo(this IQueryable<TicketAttachment> files, TicketActor viewer, IQueryable<TicketComment> comments) =>
        viewer.IsAgent ? files : files.NotInternal(comments);

    public static IQueryable<TicketAttachment> NotInternal(this IQueryable<TicketAttachment> files, IQueryable<TicketComment> comments) =>
        files.Where(a => a.CommentId == null || !comments.Any(c => c.Id == a.CommentId && c.IsInternal));
}
