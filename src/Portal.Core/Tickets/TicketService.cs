using System.Data;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Tickets;

public sealed record NewTicket(string Subject, TicketCategory Category, TicketPriority Priority, string Description);

/// <summary>
/// Every change to a ticket: creation, replies, status moves (checked by <see cref="TicketStateMachine"/>),
/// assignment, rating and auto-close. Each change, its timeline event and the domain events it raises
/// (<see cref="TicketCreated"/>, <see cref="TicketAgentReplied"/>, <see cref="TicketStatusChanged"/>) are saved
/// together; a refused change saves nothing. Internal notes and assignments raise no event. Customers can only
/// touch their own tickets, and are told "not found" for anyone else's.
/// </summary>
public sealed class TicketService(
    PortalDbContext db, TimeProvider clock, TicketAttachmentStore store, TicketOptions options, Outbox outbox)
{
    public const int FirstNumber = 1001;

    // Events of the change under way, created once it is saved (a new comment's id is known only then).
    private readonly List<Func<IDomainEvent>> _pending = [];

    // The message the change under way adds, for the files sent with it.
    private TicketComment? _comment;

    public async Task<TicketResult> CreateAsync(TicketActor customer, NewTicket input, IReadOnlyList<AttachmentUpload> files, CancellationToken ct = default)
    {
        input = input with { Subject = UserText.SingleLine(input.Subject), Description = UserText.MultiLine(input.Description) };
        if (Validate(input.Subject, input.Description) is { } invalid) return TicketResult.Fail(invalid);
        if (!Enum.IsDefined(input.Category) || !Enum.IsDefined(input.Priority)) return TicketResult.Fail(TicketError.InvalidTransition);
        if (files.Count > TicketOptions.MaxFilesPerTicket) return TicketResult.Fail(TicketError.TooManyFiles);

        var stored = new List<(AttachmentUpload Upload, TicketAttachmentStore.Stored File)>();
        foreach (var upload in files)
        {
            var (file, error) = await store.SaveAsync(upload.FileName, upload.Content, ct);
            if (error is not null)
            {
                foreach (var s in stored) store.Discard(s.File.StoredName);
                return TicketResult.Fail(error.Value);
            }
            stored.Add((upload, file!));
        }

        try
        {
            var ticket = await InsertAsync(new Ticket
            {
                Subject = input.Subject.Trim(),
                Category = input.Category,
                Priority = input.Priority,
                CustomerUserId = customer.UserId,
                RequesterName = customer.DisplayName,
            }, customer.UserId, customer.DisplayName, input.Description, stored, ct);
            return TicketResult.Ok(ticket);
        }
        catch
        {
            // Nothing was committed: the uploads go, whether still ".part" or already named.
            foreach (var s in stored) store.Discard(s.File.StoredName);
            throw;
        }
    }

    /// <summary>
    /// A message from the contact form. Always a visitor ticket, even when the email is a customer's:
    /// anyone can type any address, so it never joins an account.
    /// </summary>
    /// <param name="language">The visitor's page language, in which replies are mailed to them.</param>
    public async Task<TicketResult> CreateFromContactAsync(string name, string email, string subject, string message, CancellationToken ct = default,
        string? language = null)
    {
        name = UserText.SingleLine(name);
        email = UserText.SingleLine(email);
        subject = UserText.SingleLine(subject);
        message = UserText.MultiLine(message);
        if (name.Length == 0) return TicketResult.Fail(TicketError.EmptyName);
        if (name.Length > Ticket.MaxNameLength) return TicketResult.Fail(TicketError.NameTooLong);
        if (!IsEmail(email)) return TicketResult.Fail(TicketError.InvalidEmail);
        if (Validate(subject, message) is { } invalid) return TicketResult.Fail(invalid);

        var ticket = await InsertAsync(new Ticket
        {
            Subject = subject.Trim(),
            Category = TicketCategory.Other,
            Priority = TicketPriority.Normal,
            RequesterName = name,
            RequesterEmail = email,
            RequesterLanguage = language is "en" or "ar" ? language : null,
        }, null, name, message, [], ct);
        return TicketResult.Ok(ticket);
    }

    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= Ticket.MaxEmailLength
        && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.Host.Contains('.');

    /// <summary>
    /// A reply. A customer's reopens a waiting or resolved ticket; an agent's first public reply opens a new one
    /// and marks the first response. Internal notes (agents only) change nothing else and tell nobody.
    /// </summary>
    public Task<TicketResult> ReplyAsync(TicketActor actor, int number, string body, bool isInternal = false, CancellationToken ct = default) =>
        ChangeAsync(actor, number, (ticket, now) => AddReply(ticket, now, actor.UserId, actor.DisplayName, actor.IsAgent, body, isInternal), ct);

    /// <summary>
    /// A reply with files, checked as on creation (at most <see cref="TicketOptions.MaxFilesPerTicket"/>, each an image
    /// or PDF by its content, within the size limit). The files are written under temporary names first and named
    /// only with the reply's rows, so a refused or failed reply leaves none behind.
    /// </summary>
    public async Task<TicketResult> ReplyAsync(TicketActor actor, int number, string body, bool isInternal, IReadOnlyList<AttachmentUpload> files, CancellationToken ct = default)
    {
        if (files.Count == 0) return await ReplyAsync(actor, number, body, isInternal, ct);
        return await WithFilesAsync(db.Set<Ticket>().VisibleTo(actor).Where(t => t.Number == number), files, stored =>
            ChangeAsync(actor, number, (ticket, now) => AddReply(ticket, now, actor.UserId, actor.DisplayName, actor.IsAgent, body, isInternal), ct,
                files: stored), ct);
    }

    /// <summary>
    /// Stores the files under temporary names, then lets <paramref name="save"/> name them with its rows; whatever is
    /// refused or fails leaves no file behind. Nothing is written for a ticket that would refuse the message anyway.
    /// </summary>
    private async Task<TicketResult> WithFilesAsync(IQueryable<Ticket> target, IReadOnlyList<AttachmentUpload> files,
        Func<IReadOnlyList<(AttachmentUpload Upload, TicketAttachmentStore.Stored File)>, Task<TicketResult>> save, CancellationToken ct)
    {
        if (files.Count > TicketOptions.MaxFilesPerTicket) return TicketResult.Fail(TicketError.TooManyFiles);
        if (await target.AsNoTracking().Select(t => (TicketStatus?)t.Status).FirstOrDefaultAsync(ct) is not { } status)
            return TicketResult.Fail(TicketError.NotFound);
        if (status == TicketStatus.Closed) return TicketResult.Fail(TicketError.TicketClosed);
        var stored = new List<(AttachmentUpload Upload, TicketAttachmentStore.Stored File)>();
        try
        {
            foreach (var upload in files)
            {
                var (file, error) = await store.SaveAsync(upload.FileName, upload.Content, ct);
                if (error is not null)
                {
                    foreach (var f in stored) store.Discard(f.File.StoredName);
                    return TicketResult.Fail(error.Value);
                }
                stored.Add((upload, file!));
            }
            var result = await save(stored);
            if (!result.Succeeded) foreach (var f in stored) store.Discard(f.File.StoredName);
            return result;
        }
        catch
        {
            foreach (var f in stored) store.Discard(f.File.StoredName);
            throw;
        }
    }

    /// <summary>The customer opened their ticket: the support team's replies so far are no longer new to them.</summary>
    public async Task MarkSeenAsync(TicketActor customer, int number, CancellationToken ct = default)
    {
        if (customer.IsAgent) return;
        var now = clock.GetUtcNow().UtcDateTime;
        // No version bump: seeing a ticket is no change an agent could conflict with.
        await db.Set<Ticket>().Where(t => t.Number == number && t.CustomerUserId == customer.UserId)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.CustomerSeenAtUtc, now), ct);
    }

    /// <summary>
    /// A reply from the visitor who sent a contact-form ticket, through the signed link mailed to them (the caller
    /// checked it names this ticket). Like a customer's reply it reopens a waiting or resolved ticket.
    /// </summary>
    public Task<TicketResult> ReplyAsVisitorAsync(int ticketId, int number, string body, CancellationToken ct = default) =>
        ChangeAsync(null, number, VisitorReply(ticketId, body), ct);

    /// <summary>The visitor's reply with files, checked as a customer's are.</summary>
    public async Task<TicketResult> ReplyAsVisitorAsync(int ticketId, int number, string body, IReadOnlyList<AttachmentUpload> files, CancellationToken ct = default)
    {
        if (files.Count == 0) return await ReplyAsVisitorAsync(ticketId, number, body, ct);
        return await WithFilesAsync(db.Set<Ticket>().Where(t => t.Id == ticketId && t.Number == number && t.CustomerUserId == null), files,
            stored => ChangeAsync(null, number, VisitorReply(ticketId, body), ct, files: stored), ct);
    }

    private Func<Ticket, DateTime, TicketError?> VisitorReply(int ticketId, string body) => (ticket, now) =>
        ticket.Id != ticketId || ticket.CustomerUserId is not null
            ? TicketError.NotFound
            : AddReply(ticket, now, null, ticket.RequesterName, byAgent: false, body, isInternal: false);

    private TicketError? AddReply(Ticket ticket, DateTime now, string? authorId, string authorName, bool byAgent, string body, bool isInternal)
    {
        body = UserText.MultiLine(body).Trim();
        if (body.Length == 0) return TicketError.EmptyMessage;
        if (body.Length > TicketComment.MaxBodyLength) return TicketError.MessageTooLong;
        if (isInternal && !byAgent) return TicketError.NotAllowed;
        // Closed is final: a new message belongs in a new ticket.
        if (ticket.Status == TicketStatus.Closed) return TicketError.TicketClosed;

        var comment = new TicketComment
        {
            TicketId = ticket.Id, AuthorUserId = authorId, AuthorName = authorName,
            ByAgent = byAgent, IsInternal = isInternal, Body = body, AtUtc = now,
        };
        db.Add(comment);
        _comment = comment;
        if (isInternal) return null;
        if (byAgent) _pending.Add(() => new TicketAgentReplied(ticket.CustomerUserId, ticket.Id, comment.Id));
        if (byAgent) ticket.LastAgentReplyAtUtc = now;
        else if (authorId is not null && authorId == ticket.CustomerUserId) ticket.CustomerSeenAtUtc = now;

        var next = byAgent ? TicketStateMachine.OnAgentReply(ticket.Status) : TicketStateMachine.ReopenOnCustomerReply(ticket.Status);
        if (byAgent) ticket.FirstResponseAtUtc ??= now;
        if (next != ticket.Status) Move(ticket, next, authorId, authorName, now);
        return null;
    }

    public Task<TicketResult> ChangeStatusAsync(TicketActor actor, int number, TicketStatus to, CancellationToken ct = default) =>
        ChangeAsync(actor, number, (ticket, now) =>
        {
            if (TicketStateMachine.Check(ticket.Status, to, actor.Kind) is { } refused) return refused;
            Move(ticket, to, actor.UserId, actor.DisplayName, now);
            return null;
        }, ct);

    /// <summary>"Assign to me" on an unassigned ticket. Of two agents taking it at once, exactly one wins.</summary>
    public async Task<TicketResult> TakeAsync(TicketActor agent, int number, CancellationToken ct = default)
    {
        var result = await ChangeAsync(agent, number, (ticket, now) =>
        {
            if (!agent.IsAgent) return TicketError.NotAllowed;
            if (ticket.AssignedAgentId is not null) return TicketError.AlreadyAssigned;
            Assign(ticket, agent.UserId, agent.DisplayName, agent, now);
            return null;
        }, ct);
        if (result.Error is TicketError.AlreadyAssigned or TicketError.Conflict)
        {
            var holder = await db.Set<Ticket>().AsNoTracking().Where(t => t.Number == number).Select(t => t.AssignedAgentName).FirstOrDefaultAsync(ct);
            return TicketResult.Fail(TicketError.AlreadyAssigned, holder);
        }
        return result;
    }

    /// <summary>Gives the ticket to <paramref name="agentUserId"/> (an agent or admin), whoever had it.</summary>
    public async Task<TicketResult> AssignAsync(TicketActor actor, int number, string agentUserId, CancellationToken ct = default)
    {
        if (!actor.IsAgent) return TicketResult.Fail(TicketError.NotAllowed);
        var assignee = (await new TicketQueries(db).AgentsAsync(ct)).FirstOrDefault(a => a.Id == agentUserId);
        if (assignee is null) return TicketResult.Fail(TicketError.UnknownAgent);
        return await ChangeAsync(actor, number, (ticket, now) =>
        {
            if (ticket.AssignedAgentId == assignee.Id) return null;
            Assign(ticket, assignee.Id, assignee.Name, actor, now);
            return null;
        }, ct);
    }

    /// <summary>The customer's rating, once, after the ticket is resolved or closed.</summary>
    public Task<TicketResult> RateAsync(TicketActor customer, int number, int rating, string? comment, CancellationToken ct = default) =>
        ChangeAsync(customer, number, (ticket, now) =>
        {
            if (customer.IsAgent || ticket.CustomerUserId != customer.UserId) return TicketError.NotAllowed;
            if (ticket.RatedAtUtc is not null) return TicketError.AlreadyRated;
            if (!TicketStateMachine.CanBeRated(ticket.Status)) return TicketError.NotResolvedYet;
            if (rating is < 1 or > 5) return TicketError.InvalidRating;
            comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
            if (comment?.Length > Ticket.MaxRatingCommentLength) return TicketError.MessageTooLong;
            ticket.Rating = rating;
            ticket.RatingComment = comment;
            ticket.RatedAtUtc = now;
            db.Add(new TicketEvent
            {
                TicketId = ticket.Id, Kind = TicketEventKind.Rated, ActorUserId = customer.UserId, ActorName = customer.DisplayName,
                AtUtc = now, Detail = rating.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            return null;
        }, ct);

    /// <summary>Closes tickets resolved at least <see cref="TicketOptions.AutoCloseAfter"/> before <paramref name="nowUtc"/>. Returns how many.</summary>
    public async Task<int> CloseStaleResolvedAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var cutoff = nowUtc - options.AutoCloseAfter;
        var stale = await db.Set<Ticket>()
            .Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAtUtc != null && t.ResolvedAtUtc <= cutoff)
            .Select(t => t.Number).ToListAsync(ct);
        var closed = 0;
        foreach (var number in stale)
        {
            var result = await ChangeAsync(null, number, (ticket, now) =>
            {
                if (TicketStateMachine.Check(ticket.Status, TicketStatus.Closed, TicketActorKind.System) is { } refused) return refused;
                Move(ticket, TicketStatus.Closed, null, "", now, TicketEventKind.AutoClosed);
                return null;
            }, ct, nowUtc);
            if (result.Succeeded) closed++;
        }
        return closed;
    }

    /// <summary>
    /// Deletes what crashes and failed saves left in the attachments folder: ".part" files, and files no attachment
    /// names, once they are <see cref="TicketOptions.LeftoverFileAge"/> old (younger ones may belong to a save under way).
    /// Returns how many.
    /// </summary>
    public async Task<int> RemoveLeftoverFilesAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var cutoff = nowUtc - TicketOptions.LeftoverFileAge;
        var old = store.Files().Where(f => f.LastWriteUtc <= cutoff).ToList();
        var removed = 0;
        foreach (var part in old.Where(f => f.IsPart))
        {
            store.Delete(part);
            removed++;
        }
        foreach (var batch in old.Where(f => !f.IsPart).Chunk(500))
        {
            var names = batch.Select(f => f.StoredName).ToList();
            var kept = (await db.Set<TicketAttachment>().AsNoTracking()
                .Where(a => names.Contains(a.StoredName)).Select(a => a.StoredName).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var orphan in batch.Where(f => !kept.Contains(f.StoredName)))
            {
                store.Delete(orphan);
                removed++;
            }
        }
        return removed;
    }

    private static TicketError? Validate(string? subject, string? body)
    {
        subject = subject?.Trim() ?? "";
        body = body?.Trim() ?? "";
        if (subject.Length == 0) return TicketError.EmptySubject;
        if (subject.Length > Ticket.MaxSubjectLength) return TicketError.SubjectTooLong;
        if (body.Length == 0) return TicketError.EmptyMessage;
        if (body.Length > TicketComment.MaxBodyLength) return TicketError.MessageTooLong;
        return null;
    }

    private async Task<Ticket> InsertAsync(Ticket ticket, string? actorId, string actorName, string description,
        IReadOnlyList<(AttachmentUpload Upload, TicketAttachmentStore.Stored File)> files, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            // Serializable starts SQLite's write lock at once (BEGIN IMMEDIATE): two tickets cannot take one number.
            // Inside a caller's transaction (an API call recording its Idempotency-Key with the ticket) the caller
            // commits, and retries if the number was taken.
            var own = db.Database.CurrentTransaction is null;
            await using var tx = own ? await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct) : null;
            try
            {
                ticket.Number = (await db.Set<Ticket>().MaxAsync(t => (int?)t.Number, ct) ?? FirstNumber - 1) + 1;
                ticket.CreatedAtUtc = ticket.UpdatedAtUtc = now;
                db.Add(ticket);
                await db.SaveChangesAsync(ct);
                outbox.Raise(new TicketCreated(ticket.CustomerUserId, ticket.Id, ticket.Number));
                var first = new TicketComment
                {
                    TicketId = ticket.Id, AuthorUserId = actorId, AuthorName = actorName, Body = description.Trim(), AtUtc = now,
                };
                db.Add(first);
                db.Add(new TicketEvent
                {
                    TicketId = ticket.Id, Kind = TicketEventKind.Created, ActorUserId = actorId, ActorName = actorName,
                    AtUtc = now, ToStatus = TicketStatus.New,
                });
                await db.SaveChangesAsync(ct);
                AddAttachments(ticket.Id, first.Id, files, now);
                await db.SaveChangesAsync(ct);
                // Named after the rows are written and before they are committed: a crash in between leaves named
                // files without rows (the sweep takes them), never a row without its file. A failed commit discards them.
                foreach (var (_, file) in files) store.Publish(file.StoredName);
                if (tx is not null) await tx.CommitAsync(ct);
                return ticket;
            }
            catch (DbUpdateException) when (attempt < 5 && tx is not null)
            {
                // Another ticket took the number (PostgreSQL): try the next one.
                await tx.RollbackAsync(ct);
                outbox.ForgetUnsaved();
                db.ChangeTracker.Clear();
            }
        }
    }

    private void AddAttachments(int ticketId, int commentId, IReadOnlyList<(AttachmentUpload Upload, TicketAttachmentStore.Stored File)> files, DateTime now)
    {
        foreach (var (upload, file) in files)
            db.Add(new TicketAttachment
            {
                TicketId = ticketId, CommentId = commentId, StoredName = file.StoredName, ContentType = file.ContentType, Size = file.Size,
                OriginalName = SafeFileName(upload.FileName, file.ContentType), UploadedAtUtc = now,
            });
    }

    /// <summary>The name people see: no folders, no control characters, and an extension that matches the content.</summary>
    internal static string SafeFileName(string? name, string contentType)
    {
        var baseName = Path.GetFileNameWithoutExtension(Path.GetFileName(UserText.SingleLine(name).Replace('\\', '/')));
        baseName = new string(baseName.Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\' or ':' or '*' or '?' or '<' or '>' or '|')).ToArray()).Trim();
        if (baseName.Length == 0) baseName = "attachment";
        if (baseName.Length > 100) baseName = baseName[..100];
        var extension = contentType switch
        {
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "image/gif" => ".gif",
            "image/webp" => ".webp",
            _ => ".pdf",
        };
        return baseName + extension;
    }

    private void Move(Ticket ticket, TicketStatus to, string? actorId, string actorName, DateTime now, TicketEventKind kind = TicketEventKind.StatusChanged)
    {
        db.Add(new TicketEvent
        {
            TicketId = ticket.Id, Kind = kind, ActorUserId = actorId, ActorName = actorName, AtUtc = now,
            FromStatus = ticket.Status, ToStatus = to,
        });
        var from = ticket.Status;
        _pending.Add(() => new TicketStatusChanged(ticket.CustomerUserId, ticket.Id, from.ToString(), to.ToString()));
        ticket.Status = to;
        switch (to)
        {
            case TicketStatus.Resolved: ticket.ResolvedAtUtc = now; break;
            case TicketStatus.Closed: ticket.ClosedAtUtc = now; break;
            // Reopened: the auto-close clock starts again at the next resolution.
            case TicketStatus.Open: ticket.ResolvedAtUtc = null; break;
        }
    }

    private void Assign(Ticket ticket, string agentId, string agentName, TicketActor actor, DateTime now)
    {
        ticket.AssignedAgentId = agentId;
        ticket.AssignedAgentName = agentName;
        db.Add(new TicketEvent
        {
            TicketId = ticket.Id, Kind = TicketEventKind.Assigned, ActorUserId = actor.UserId, ActorName = actor.DisplayName,
            AtUtc = now, Detail = agentName, IsInternal = true,
        });
    }

    /// <summary>
    /// Loads the ticket the actor may see (null actor: the system), applies <paramref name="change"/> and saves it
    /// with its events, or — when the change refuses or someone else changed the ticket meanwhile — saves nothing.
    /// </summary>
    private async Task<TicketResult> ChangeAsync(TicketActor? actor, int number, Func<Ticket, DateTime, TicketError?> change,
        CancellationToken ct, DateTime? at = null, IReadOnlyList<(AttachmentUpload Upload, TicketAttachmentStore.Stored File)>? files = null)
    {
        _pending.Clear();
        _comment = null;
        files ??= [];
        var tickets = db.Set<Ticket>().AsQueryable();
        if (actor is not null) tickets = tickets.VisibleTo(actor);
        var ticket = await tickets.FirstOrDefaultAsync(t => t.Number == number, ct);
        if (ticket is null) return TicketResult.Fail(TicketError.NotFound);

        var now = at ?? clock.GetUtcNow().UtcDateTime;
        if (change(ticket, now) is { } error)
        {
            _pending.Clear();
            db.ChangeTracker.Clear();
            return TicketResult.Fail(error);
        }
        ticket.UpdatedAtUtc = now;
        ticket.Version++;
        // With events: the change is saved first (so they can carry new ids), then they are, in one transaction.
        // Inside a caller's transaction (see InsertAsync) that one holds the change and its events together.
        await using var tx = (_pending.Count > 0 || files.Count > 0) && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            if (_pending.Count > 0 || files.Count > 0)
            {
                foreach (var create in _pending) outbox.Raise(create());
                if (files.Count > 0 && _comment is { } comment) AddAttachments(ticket.Id, comment.Id, files, now);
                await db.SaveChangesAsync(ct);
                // As on creation: named with the rows written, before the commit (a crash between leaves orphans the sweep takes).
                foreach (var (_, file) in files) store.Publish(file.StoredName);
                if (tx is not null) await tx.CommitAsync(ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            if (tx is not null) await tx.RollbackAsync(CancellationToken.None);
            outbox.ForgetUnsaved();
            db.ChangeTracker.Clear();
            return TicketResult.Fail(TicketError.Conflict);
        }
        finally
        {
            _pending.Clear();
        }
        return TicketResult.Ok(ticket);
    }
}
