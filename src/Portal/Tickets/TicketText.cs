using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;

namespace Portal.Tickets;

/// <summary>Ticket words in the reader's language: labels for statuses, categories and priorities, and why an action was refused.</summary>
public static class TicketText
{
    public static string Status(this IStringLocalizer s, TicketStatus status) => status switch
    {
        TicketStatus.New => s["New"],
        TicketStatus.Open => s["Open"],
        TicketStatus.Pending => s["Waiting for you"],
        TicketStatus.Resolved => s["Resolved"],
        _ => s["Closed"],
    };

    /// <summary>Agents read "Pending" as waiting on the customer; customers read it as waiting on them.</summary>
    public static string AgentStatus(this IStringLocalizer s, TicketStatus status) =>
        status == TicketStatus.Pending ? s["Pending (waiting on customer)"] : s.Status(status);

    public static string Category(this IStringLocalizer s, TicketCategory category) => category switch
    {
        TicketCategory.Account => s["Account"],
        TicketCategory.Loyalty => s["Loyalty points"],
        TicketCategory.Orders => s["Orders"],
        TicketCategory.Technical => s["Technical problem"],
        _ => s["Other"],
    };

    public static string Priority(this IStringLocalizer s, TicketPriority priority) => priority switch
    {
        TicketPriority.Low => s["Low"],
        TicketPriority.Normal => s["Normal"],
        TicketPriority.High => s["High"],
        _ => s["Urgent"],
    };

    /// <summary>Badge colours by status (tokens only).</summary>
    public static string StatusBadge(TicketStatus status) => status switch
    {
        TicketStatus.New => "bg-brand-soft text-fg",
        TicketStatus.Open => "bg-brand text-brand-fg",
        TicketStatus.Pending => "bg-surface-2 text-fg border border-border",
        TicketStatus.Resolved => "bg-ok-soft text-ok",
        _ => "bg-surface-2 text-muted",
    };

    public static string PriorityBadge(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => "bg-danger text-surface",
        TicketPriority.High => "bg-danger-soft text-danger",
        _ => "bg-surface-2 text-fg",
    };

    public static string Error(this IStringLocalizer s, TicketError error, string? assignedTo = null) => error switch
    {
        TicketError.NotFound => s["We could not find that ticket."],
        TicketError.NotAllowed => s["You cannot do that on this ticket."],
        TicketError.InvalidTransition => s["The ticket cannot move to that status from where it is now."],
        TicketError.TicketClosed => s["This ticket is closed. Please open a new ticket."],
        TicketError.AlreadyRated => s["You have already rated this ticket."],
        TicketError.NotResolvedYet => s["You can rate the ticket once it is resolved."],
        TicketError.InvalidRating => s["Choose a rating from 1 to 5."],
        TicketError.AlreadyAssigned => assignedTo is { Length: > 0 }
            ? s["{0} has already taken this ticket.", assignedTo]
            : s["Another agent has already taken this ticket."],
        TicketError.Conflict => s["Someone else changed this ticket at the same moment. Look at it again and retry."],
        TicketError.UnknownAgent => s["Choose an agent from the list."],
        TicketError.EmptyMessage => s["Write a message."],
        TicketError.MessageTooLong => s["Messages can be at most {0} characters.", TicketComment.MaxBodyLength],
        TicketError.EmptySubject => s["Enter a subject."],
        TicketError.SubjectTooLong => s["Subjects can be at most {0} characters.", Ticket.MaxSubjectLength],
        TicketError.InvalidEmail => s["Enter a valid email address."],
        TicketError.EmptyName => s["Enter your name."],
        TicketError.NameTooLong => s["Names can be at most {0} characters.", Ticket.MaxNameLength],
        TicketError.TooManyFiles => s["You can attach at most {0} files.", TicketOptions.MaxFilesPerTicket],
        TicketError.FileTooBig => s["Each file can be at most 5 MB."],
        TicketError.WrongFileType => s["Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached."],
        _ => s["That file is empty."],
    };
}
