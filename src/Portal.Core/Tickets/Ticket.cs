namespace Portal.Core.Tickets;

public enum TicketStatus { New, Open, Pending, Resolved, Closed }

public enum TicketCategory { Account, Loyalty, Orders, Technical, Other }

public enum TicketPriority { Low, Normal, High, Urgent }

/// <summary>
/// A support request. Its state changes only through <see cref="TicketService"/>, which checks each move against
/// <see cref="TicketStateMachine"/> and writes a <see cref="TicketEvent"/> for it.
/// </summary>
public sealed class Ticket
{
    public const int MaxSubjectLength = 150;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 256;
    public const int MaxRatingCommentLength = 1000;

    public int Id { get; private set; }

    /// <summary>Sequential and shown to people as "#1042".</summary>
    public int Number { get; internal set; }

    public string Subject { get; internal set; } = "";
    public TicketCategory Category { get; internal set; }
    public TicketPriority Priority { get; internal set; }
    public TicketStatus Status { get; internal set; } = TicketStatus.New;

    /// <summary>The customer's account; null for a contact-form ticket from a visitor.</summary>
    public string? CustomerUserId { get; internal set; }

    /// <summary>The customer's name (from the account at creation) or the visitor's typed name.</summary>
    public string RequesterName { get; internal set; } = "";

    /// <summary>Where a visitor wants the answer; null for a customer's ticket (their account's email is used).</summary>
    public string? RequesterEmail { get; internal set; }

    /// <summary>A visitor's language ("en"/"ar") when they wrote, for the mail that answers them; null for customers.</summary>
    public string? RequesterLanguage { get; internal set; }

    public string? AssignedAgentId { get; internal set; }
    public string? AssignedAgentName { get; internal set; }

    public DateTime CreatedAtUtc { get; internal set; }
    public DateTime UpdatedAtUtc { get; internal set; }
    public DateTime? FirstResponseAtUtc { get; internal set; }
    public DateTime? ResolvedAtUtc { get; internal set; }
    public DateTime? ClosedAtUtc { get; internal set; }

    public int? Rating { get; internal set; }
    public string? RatingComment { get; internal set; }
    public DateTime? RatedAtUtc { get; internal set; }

    /// <summary>The latest public reply from the support team, for the customer's "new reply" marker.</summary>
    public DateTime? LastAgentReplyAtUtc { get; internal set; }

    /// <summary>When the customer last opened the ticket; replies after it are new to them.</summary>
    public DateTime? CustomerSeenAtUtc { get; internal set; }

    /// <summary>Concurrency token: bumped by every change, so of two agents acting at once only one wins.</summary>
    public int Version { get; internal set; }

    public static string Display(int number) => "#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A message on a ticket. Internal notes are for agents only: read comments through <see cref="TicketVisibility"/>.</summary>
public sealed class TicketComment
{
    public const int MaxBodyLength = 5000;

    public int Id { get; private set; }
    public int TicketId { get; internal set; }
    public string? AuthorUserId { get; internal set; }
    public string AuthorName { get; internal set; } = "";
    public bool ByAgent { get; internal set; }
    public bool IsInternal { get; internal set; }
    public string Body { get; internal set; } = "";
    public DateTime AtUtc { get; internal set; }
}

public enum TicketEventKind { Created, StatusChanged, Assigned, Rated, AutoClosed }

/// <summary>One line of a ticket's history: what changed, who did it and when.</summary>
public sealed class TicketEvent
{
    public int Id { get; private set; }
    public int TicketId { get; internal set; }
    public TicketEventKind Kind { get; internal set; }

    /// <summary>Null when the system acted (auto-close).</summary>
    public string? ActorUserId { get; internal set; }
    public string ActorName { get; internal set; } = "";
    public DateTime AtUtc { get; internal set; }
    public TicketStatus? FromStatus { get; internal set; }
    public TicketStatus? ToStatus { get; internal set; }

    /// <summary>The assignee's name, or the rating.</summary>
    public string? Detail { get; internal set; }

    /// <summary>Agent-side bookkeeping (assignments) that customers do not see.</summary>
    public bool IsInternal { get; internal set; }
}

/// <summary>A file sent with a ticket, stored under <see cref="StoredName"/> outside the web root.</summary>
public sealed class TicketAttachment
{
    public int Id { get; private set; }
    public int TicketId { get; internal set; }

    /// <summary>The message it was sent with; null for attachments stored before messages had their own (shown with the first).</summary>
    public int? CommentId { get; internal set; }

    public string StoredName { get; internal set; } = "";
    public string OriginalName { get; internal set; } = "";
    public string ContentType { get; internal set; } = "";
    public long Size { get; internal set; }
    public DateTime UploadedAtUtc { get; internal set; }
}

/// <summary>A ready answer agents insert into a reply by choosing it or typing its short code.</summary>
public sealed class CannedReply
{
    public const int MaxCodeLength = 30;
    public const int MaxTitleLength = 100;
    public const int MaxBodyLength = 4000;

    public int Id { get; private set; }
    public string ShortCode { get; internal set; } = "";
    public string Title { get; internal set; } = "";
    public string BodyEn { get; internal set; } = "";
    public string BodyAr { get; internal set; } = "";
    public DateTime UpdatedAtUtc { get; internal set; }

    /// <summary>The body in <paramref name="language"/>, or English when that one is empty.</summary>
    public string BodyFor(string? language) => language == Customers.Languages.Arabic && BodyAr.Length > 0 ? BodyAr : BodyEn;
}
