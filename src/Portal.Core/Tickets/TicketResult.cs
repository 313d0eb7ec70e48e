namespace Portal.Core.Tickets;

/// <summary>Why a ticket action was refused. The web layer turns each into a localized message (and an API code).</summary>
public enum TicketError
{
    /// <summary>No such ticket, or not one this person may see (never says which).</summary>
    NotFound,
    NotAllowed,
    InvalidTransition,
    /// <summary>Closed is final: open a new ticket.</summary>
    TicketClosed,
    AlreadyRated,
    NotResolvedYet,
    InvalidRating,
    /// <summary>Another agent took the ticket first.</summary>
    AlreadyAssigned,
    /// <summary>Someone else changed the ticket at the same moment.</summary>
    Conflict,
    UnknownAgent,
    EmptyMessage,
    MessageTooLong,
    EmptySubject,
    SubjectTooLong,
    InvalidEmail,
    EmptyName,
    NameTooLong,
    TooManyFiles,
    FileTooBig,
    WrongFileType,
    EmptyFile,
}

public readonly record struct TicketResult(TicketError? Error, Ticket? Ticket = null, string? AssignedTo = null)
{
    public bool Succeeded => Error is null;
    public static TicketResult Ok(Ticket ticket) => new(null, ticket);
    public static TicketResult Fail(TicketError error, string? assignedTo = null) => new(error, null, assignedTo);
}

/// <summary>Who is acting or looking. Agents (and admins) see and do agent things; anyone else is a customer.</summary>
public sealed record TicketActor(string UserId, string DisplayName, bool IsAgent)
{
    public TicketActorKind Kind => IsAgent ? TicketActorKind.Agent : TicketActorKind.Customer;
}

public sealed class TicketOptions
{
    /// <summary>Absolute folder for uploaded files (the web layer resolves it from the content root).</summary>
    public required string AttachmentsDirectory { get; init; }

    /// <summary>How long a resolved ticket waits for the customer before it closes by itself.</summary>
    public TimeSpan AutoCloseAfter { get; init; } = TimeSpan.FromDays(7);

    public const int MaxFilesPerTicket = 3;
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>How old a ".part" file or a file without its attachment row must be before it counts as left over.</summary>
    public static readonly TimeSpan LeftoverFileAge = TimeSpan.FromHours(1);
}

/// <summary>A file on its way in. <see cref="Content"/> is read once; its declared type and name are not trusted.</summary>
public sealed record AttachmentUpload(string FileName, Stream Content);
