using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Security;

namespace Portal.Core.Chat;

/// <summary>Why a chat action was refused. The web layer turns each into a localized message.</summary>
public enum ChatError
{
    NotFound,
    NotAllowed,
    AlreadyTaken,
    NotOpen,
    EmptyMessage,
    TooLong,
    CommentTooLong,
    InvalidClientId,
    NotAnAgent,
    InvalidRating,
    AlreadyRated,
    /// <summary>The sender's session ended, their account was locked or an agent connection's role was removed.</summary>
    SessionEnded,
}

public readonly record struct ChatResult<T>(T? Value, ChatError? Error)
{
    public bool Succeeded => Error is null;
    public static ChatResult<T> Ok(T value) => new(value, null);
    public static ChatResult<T> Fail(ChatError error) => new(default, error);
}

/// <summary>Who is acting: agents (Agent or Admin role) may see the queue and accept waiting chats.</summary>
public sealed record ChatViewer(string UserId, bool IsAgent);

/// <summary>How the viewer stands to a conversation.</summary>
public enum ChatRole { None, Customer, Agent, WaitingAgent }

public sealed record ConversationView(
    long Id, ConversationStatus Status, string CustomerUserId, string CustomerName, string? AgentUserId, string? AgentName,
    DateTime CreatedUtc, DateTime? AcceptedUtc, DateTime? ClosedUtc, int? Rating, string? RatingComment,
    long? CustomerLastReadMessageId, long? AgentLastReadMessageId, int MessageCount)
{
    public bool IsOpen => Conversation.Opens(Status);

    public ChatRole RoleOf(ChatViewer viewer) => Role(viewer, CustomerUserId, AgentUserId, Status);

    internal static ChatRole Role(ChatViewer viewer, string customerUserId, string? agentUserId, ConversationStatus status)
    {
        if (viewer.UserId == customerUserId) return ChatRole.Customer;
        if (!viewer.IsAgent) return ChatRole.None;
        if (agentUserId == viewer.UserId) return ChatRole.Agent;
        return status == ConversationStatus.Waiting ? ChatRole.WaitingAgent : ChatRole.None;
    }
}

public sealed record MessageView(
    long Id, long ConversationId, Guid ClientId, ChatSender Sender, string? SenderUserId, string SenderName, string Body, DateTime SentUtc);

/// <summary>A stored message, and whether this call stored it (false: a retry found the one stored before).</summary>
public sealed record SentMessage(MessageView Message, bool IsNew);

public sealed record ReadReceipt(long ConversationId, ChatSender Side, long MessageId);

public sealed record AgentSummary(string UserId, string DisplayName);

/// <summary>
/// Live chat between customers and agents. Every method checks that the acting user may touch the conversation;
/// messages are stored before anyone is told about them, so a reconnecting client can always fetch what it missed.
/// </summary>
public sealed class ChatService(PortalDbContext db, TimeProvider clock, Outbox outbox, ChatMessageWriter writer, ChatRights rights)
{
    /// <summary>System message body: "{SenderName} joined the chat" (accept and transfer).</summary>
    public const string JoinedEvent = "joined";

    public static readonly IReadOnlyList<string> AgentRoles = [Roles.Agent, Roles.Admin];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The customer's open chat (waiting or active), or a new waiting one. A customer never has two open.</summary>
    public async Task<ConversationView> StartAsync(string customerUserId, CancellationToken ct = default)
    {
        if (await OpenConversationAsync(customerUserId, ct) is { } open) return open;
        var conversation = new Conversation(customerUserId, Now);
        db.Add(conversation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another tab started one at the same moment: the unique index kept it to one.
            db.ChangeTracker.Clear();
            if (await OpenConversationAsync(customerUserId, ct) is { } other) return other;
            throw;
        }
        return (await FindAsync(conversation.Id, ct))!;
    }

    public Task<ConversationView?> OpenConversationAsync(string customerUserId, CancellationToken ct = default) =>
        Views(db.Set<Conversation>().Where(c => c.CustomerUserId == customerUserId &&
                (c.Status == ConversationStatus.Waiting || c.Status == ConversationStatus.Active)))
            .FirstOrDefaultAsync(ct);

    public Task<ConversationView?> FindAsync(long conversationId, CancellationToken ct = default) =>
        Views(db.Set<Conversation>().Where(c => c.Id == conversationId)).FirstOrDefaultAsync(ct);

    /// <summary>The conversation if <paramref name="viewer"/> may see it, else null.</summary>
    public async Task<ConversationView?> FindForAsync(long conversationId, ChatViewer viewer, CancellationToken ct = default) =>
        await FindAsync(conversationId, ct) is { } c && c.RoleOf(viewer) != ChatRole.None ? c : null;

    /// <summary>1 for the first in line; null once the chat is no longer waiting.</summary>
    public async Task<int?> QueuePositionAsync(long conversationId, CancellationToken ct = default)
    {
        var waiting = await db.Set<Conversation>().AnyAsync(c => c.Id == conversationId && c.Status == ConversationStatus.Waiting, ct);
        if (!waiting) return null;
        return await db.Set<Conversation>().CountAsync(c => c.Status == ConversationStatus.Waiting && c.Id < conversationId, ct) + 1;
    }

    /// <summary>Waiting chats, first come first.</summary>
    public Task<List<ConversationView>> WaitingAsync(CancellationToken ct = default) =>
        Views(db.Set<Conversation>().Where(c => c.Status == ConversationStatus.Waiting).OrderBy(c => c.Id)).ToListAsync(ct);

    /// <summary>The agent's active chats (an agent can hold several), oldest first.</summary>
    public Task<List<ConversationView>> AgentChatsAsync(string agentUserId, CancellationToken ct = default) =>
        Views(db.Set<Conversation>().Where(c => c.AgentUserId == agentUserId && c.Status == ConversationStatus.Active).OrderBy(c => c.AcceptedUtc))
            .ToListAsync(ct);

    /// <summary>The customer's finished chats (closed or abandoned), newest first.</summary>
    public Task<List<ConversationView>> HistoryAsync(string customerUserId, int take = 50, CancellationToken ct = default) =>
        Views(db.Set<Conversation>()
                .Where(c => c.CustomerUserId == customerUserId && (c.Status == ConversationStatus.Closed || c.Status == ConversationStatus.Abandoned))
                .OrderByDescending(c => c.Id).Take(take))
            .ToListAsync(ct);

    /// <summary>The customer's latest chats of any status, newest first (for staff).</summary>
    public Task<List<ConversationView>> RecentAsync(string customerUserId, int take, CancellationToken ct = default) =>
        Views(db.Set<Conversation>().Where(c => c.CustomerUserId == customerUserId).OrderByDescending(c => c.Id).Take(take)).ToListAsync(ct);

    /// <summary>
    /// For the customer's help page: their open chat and latest finished ones, newest first, each with the time of
    /// its last message (null when nobody wrote).
    /// </summary>
    public async Task<IReadOnlyList<(ConversationView Chat, DateTime? LastMessageUtc)>> CustomerActivityAsync(string customerUserId, int take, CancellationToken ct = default)
    {
        var chats = await RecentAsync(customerUserId, take, ct);
        var ids = chats.Select(c => c.Id).ToList();
        var last = await db.Set<ChatMessage>().AsNoTracking()
            .Where(m => ids.Contains(m.ConversationId) && m.Sender != ChatSender.System)
            .GroupBy(m => m.ConversationId)
            .Select(g => new { Id = g.Key, At = g.Max(m => m.SentUtc) })
            .ToDictionaryAsync(x => x.Id, x => x.At, ct);
        return chats.Select(c => (c, last.TryGetValue(c.Id, out var at) ? at : (DateTime?)null)).ToList();
    }

    /// <summary>Exactly one agent wins when several accept the same chat at once.</summary>
    public async Task<ChatResult<ConversationView>> AcceptAsync(long conversationId, ChatViewer agent, CancellationToken ct = default)
    {
        if (!agent.IsAgent || !await IsAgentAsync(agent.UserId, ct)) return ChatResult<ConversationView>.Fail(ChatError.NotAnAgent);
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null) return ChatResult<ConversationView>.Fail(ChatError.NotFound);
        if (conversation.CustomerUserId == agent.UserId) return ChatResult<ConversationView>.Fail(ChatError.NotAllowed);
        if (!conversation.Accept(agent.UserId, Now)) return ChatResult<ConversationView>.Fail(ChatError.AlreadyTaken);
        db.Add(await SystemMessageAsync(conversationId, agent.UserId, ct));
        if (!await SaveRacingAsync(ct)) return ChatResult<ConversationView>.Fail(ChatError.AlreadyTaken);
        return ChatResult<ConversationView>.Ok((await FindAsync(conversationId, ct))!);
    }

    /// <summary>
    /// Stores the message and returns it. The same <paramref name="clientId"/> again returns the stored message
    /// (<see cref="SentMessage.IsNew"/> false) and stores nothing, also when two sends race.
    /// </summary>
    public Task<ChatResult<SentMessage>> SendAsync(long conversationId, ChatViewer sender, Guid clientId, string? body, CancellationToken ct = default) =>
        SendAsync(conversationId, sender, sessionId: null, live: false, clientId, body, ct);

    /// <summary>
    /// <see cref="SendAsync(long, ChatViewer, Guid, string?, CancellationToken)"/> from a live connection, whose rights
    /// (<see cref="ChatRights"/>) are read in the same statement as the message's checks: refused with
    /// <see cref="ChatError.SessionEnded"/> once they are gone (<paramref name="sender"/>'s IsAgent: an agent connection).
    /// </summary>
    public Task<ChatResult<SentMessage>> SendLiveAsync(long conversationId, ChatViewer sender, string? sessionId, Guid clientId, string? body,
        CancellationToken ct = default) =>
        SendAsync(conversationId, sender, sessionId, live: true, clientId, body, ct);

    private async Task<ChatResult<SentMessage>> SendAsync(long conversationId, ChatViewer sender, string? sessionId, bool live, Guid clientId, string? body,
        CancellationToken ct)
    {
        // One statement answers the rights and every check below: each round trip was PostgreSQL latency (bench/README.md).
        var facts = await SendFactsOf.For(db)(db, sender.UserId, sessionId ?? "", conversationId, clientId, ct);
        if (live && !rights.Access(sender.UserId, facts?.Standing, viaToken: false).Keeps(sender.IsAgent))
            return ChatResult<SentMessage>.Fail(ChatError.SessionEnded);
        var text = Common.UserText.MultiLine(body).Trim();
        if (clientId == Guid.Empty) return ChatResult<SentMessage>.Fail(ChatError.InvalidClientId);
        if (text.Length == 0) return ChatResult<SentMessage>.Fail(ChatError.EmptyMessage);
        if (text.Length > ChatMessage.MaxBodyLength) return ChatResult<SentMessage>.Fail(ChatError.TooLong);
        // No such sender (only outside a live connection, which is refused above): nobody's chat is theirs.
        if (facts is null) return ChatResult<SentMessage>.Fail(ChatError.NotAllowed);
        if (facts.Conversation is not { } conversation) return ChatResult<SentMessage>.Fail(ChatError.NotFound);
        var side = ConversationView.Role(sender, conversation.CustomerUserId, conversation.AgentUserId, conversation.Status) switch
        {
            ChatRole.Customer => ChatSender.Customer,
            ChatRole.Agent => ChatSender.Agent,
            _ => (ChatSender?)null,
        };
        if (side is null) return ChatResult<SentMessage>.Fail(ChatError.NotAllowed);
        if (facts.Stored is { } stored) return ChatResult<SentMessage>.Ok(new(stored, false));
        if (!Conversation.Opens(conversation.Status)) return ChatResult<SentMessage>.Fail(ChatError.NotOpen);

        var message = new ChatMessage(conversationId, side.Value, sender.UserId, facts.SenderName, text, Now, clientId);
        try
        {
            // Committed together with the other messages of the moment (and in line with the ledger's writers).
            await WithoutHeldConnectionAsync(writer.WriteAsync(message));
        }
        catch (DbUpdateException)
        {
            // The same client id won a race with this call (two tabs, a retry overtaking the original).
            if (await MessageByClientIdAsync(conversationId, clientId, ct) is { } winner) return ChatResult<SentMessage>.Ok(new(winner, false));
            throw;
        }
        return ChatResult<SentMessage>.Ok(new(View(message), true));
    }

    /// <summary>
    /// Waits for the message writer with this call's connection handed back to the pool (the hub filter holds one open
    /// per call): on PostgreSQL, senders waiting while holding the whole pool left the writer none (bench/README.md).
    /// </summary>
    private async Task WithoutHeldConnectionAsync(Task stored)
    {
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            await stored;
            return;
        }
        await db.Database.CloseConnectionAsync();
        try
        {
            await stored;
        }
        finally
        {
            await db.Database.OpenConnectionAsync(CancellationToken.None);
        }
    }

    /// <summary>The messages in order, after <paramref name="afterMessageId"/> when given; null when the viewer may not see them.</summary>
    public async Task<IReadOnlyList<MessageView>?> TranscriptAsync(long conversationId, ChatViewer viewer, long? afterMessageId = null, CancellationToken ct = default)
    {
        if (await FindForAsync(conversationId, viewer, ct) is null) return null;
        var after = afterMessageId ?? 0;
        return await db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Id > after)
            .OrderBy(m => m.Id)
            .Select(m => new MessageView(m.Id, m.ConversationId, m.ClientId, m.Sender, m.SenderUserId, m.SenderName, m.Body, m.SentUtc))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Up to <paramref name="take"/> messages after <paramref name="afterMessageId"/>, oldest first (a page of the
    /// transcript); null when the viewer may not see the conversation.
    /// </summary>
    public async Task<IReadOnlyList<MessageView>?> TranscriptPageAsync(long conversationId, ChatViewer viewer, long? afterMessageId, int take, CancellationToken ct = default)
    {
        if (await FindForAsync(conversationId, viewer, ct) is null) return null;
        var after = afterMessageId ?? 0;
        return await db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Id > after)
            .OrderBy(m => m.Id)
            .Take(take)
            .Select(m => new MessageView(m.Id, m.ConversationId, m.ClientId, m.Sender, m.SenderUserId, m.SenderName, m.Body, m.SentUtc))
            .ToListAsync(ct);
    }

    /// <summary>The customer's chats of any status, newest first, before <paramref name="beforeId"/> when given.</summary>
    public Task<List<ConversationView>> CustomerChatsAsync(string customerUserId, long? beforeId, int take, CancellationToken ct = default) =>
        Views(db.Set<Conversation>()
                .Where(c => c.CustomerUserId == customerUserId && (beforeId == null || c.Id < beforeId))
                .OrderByDescending(c => c.Id).Take(take))
            .ToListAsync(ct);

    /// <summary>Moves the viewer's side's read marker forward; null when nothing changed.</summary>
    public async Task<ChatResult<ReadReceipt?>> MarkReadAsync(long conversationId, ChatViewer viewer, long messageId, CancellationToken ct = default)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null) return ChatResult<ReadReceipt?>.Fail(ChatError.NotFound);
        ChatSender side;
        if (conversation.CustomerUserId == viewer.UserId) side = ChatSender.Customer;
        else if (viewer.IsAgent && conversation.AgentUserId == viewer.UserId) side = ChatSender.Agent;
        else return ChatResult<ReadReceipt?>.Fail(ChatError.NotAllowed);
        if (!await db.Set<ChatMessage>().AnyAsync(m => m.Id == messageId && m.ConversationId == conversationId, ct))
            return ChatResult<ReadReceipt?>.Fail(ChatError.NotFound);
        if (!conversation.MarkRead(side, messageId)) return ChatResult<ReadReceipt?>.Ok(null);
        // A lost race here means another tab moved the marker at the same moment: nothing to announce twice.
        return await SaveRacingAsync(ct)
            ? ChatResult<ReadReceipt?>.Ok(new ReadReceipt(conversationId, side, messageId))
            : ChatResult<ReadReceipt?>.Ok(null);
    }

    /// <summary>Hands an active chat to another agent; only its current agent may.</summary>
    public async Task<ChatResult<ConversationView>> TransferAsync(long conversationId, ChatViewer fromAgent, string toAgentUserId, CancellationToken ct = default)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null) return ChatResult<ConversationView>.Fail(ChatError.NotFound);
        if (!fromAgent.IsAgent || conversation.AgentUserId != fromAgent.UserId) return ChatResult<ConversationView>.Fail(ChatError.NotAllowed);
        if (toAgentUserId == conversation.CustomerUserId || !await IsAgentAsync(toAgentUserId, ct))
            return ChatResult<ConversationView>.Fail(ChatError.NotAnAgent);
        if (!conversation.TransferTo(toAgentUserId, Now)) return ChatResult<ConversationView>.Fail(ChatError.NotOpen);
        db.Add(await SystemMessageAsync(conversationId, toAgentUserId, ct));
        if (!await SaveRacingAsync(ct)) return ChatResult<ConversationView>.Fail(ChatError.NotOpen);
        return ChatResult<ConversationView>.Ok((await FindAsync(conversationId, ct))!);
    }

    /// <summary>
    /// The agent ends an active chat; the customer ends theirs, or leaves the queue (the chat is then abandoned,
    /// and <see cref="ChatMissed"/> is saved with it: nobody answered).
    /// </summary>
    public async Task<ChatResult<ConversationView>> CloseAsync(long conversationId, ChatViewer viewer, CancellationToken ct = default)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null) return ChatResult<ConversationView>.Fail(ChatError.NotFound);
        var isCustomer = conversation.CustomerUserId == viewer.UserId;
        var isAgent = viewer.IsAgent && conversation.AgentUserId == viewer.UserId;
        if (!isCustomer && !isAgent) return ChatResult<ConversationView>.Fail(ChatError.NotAllowed);
        if (!conversation.Close(Now)) return ChatResult<ConversationView>.Fail(ChatError.NotOpen);
        if (conversation.Status == ConversationStatus.Abandoned)
            outbox.Raise(new ChatMissed(conversation.CustomerUserId, conversation.Id, TicketId: null));
        if (!await SaveRacingAsync(ct)) return ChatResult<ConversationView>.Fail(ChatError.NotOpen);
        return ChatResult<ConversationView>.Ok((await FindAsync(conversationId, ct))!);
    }

    /// <summary>The customer rates a closed chat once: 1 to 5 stars and an optional comment.</summary>
    public async Task<ChatResult<ConversationView>> RateAsync(long conversationId, string customerUserId, int rating, string? comment, CancellationToken ct = default)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null || conversation.CustomerUserId != customerUserId) return ChatResult<ConversationView>.Fail(ChatError.NotFound);
        if (rating is < 1 or > 5) return ChatResult<ConversationView>.Fail(ChatError.InvalidRating);
        var text = comment?.Trim();
        if (text?.Length > Conversation.MaxRatingComment) return ChatResult<ConversationView>.Fail(ChatError.CommentTooLong);
        if (conversation.Status != ConversationStatus.Closed) return ChatResult<ConversationView>.Fail(ChatError.NotOpen);
        if (!conversation.Rate(rating, string.IsNullOrEmpty(text) ? null : text, Now) || !await SaveRacingAsync(ct))
            return ChatResult<ConversationView>.Fail(ChatError.AlreadyRated);
        return ChatResult<ConversationView>.Ok((await FindAsync(conversationId, ct))!);
    }

    /// <summary>People a chat can be transferred to, by name.</summary>
    public Task<List<AgentSummary>> AgentsAsync(CancellationToken ct = default) =>
        db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && AgentRoles.Contains(r.Name!))))
            .OrderBy(u => u.DisplayName)
            .Select(u => new AgentSummary(u.Id, u.DisplayName))
            .ToListAsync(ct);

    public Task<bool> IsAgentAsync(string userId, CancellationToken ct = default) => IsAgentOf.For(db)(db, userId, ct);

    public Task<List<ChatTransfer>> TransfersAsync(long conversationId, CancellationToken ct = default) =>
        db.Set<ChatTransfer>().AsNoTracking().Where(t => t.ConversationId == conversationId).OrderBy(t => t.Id).ToListAsync(ct);

    private async Task<bool> SaveRacingAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            outbox.ForgetUnsaved();
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<ChatMessage> SystemMessageAsync(long conversationId, string agentUserId, CancellationToken ct) =>
        new(conversationId, ChatSender.System, agentUserId, await NameOfAsync(agentUserId, ct), JoinedEvent, Now, Guid.NewGuid());

    private async Task<string> NameOfAsync(string userId, CancellationToken ct) => await NameOf.For(db)(db, userId, ct) ?? "";

    private Task<MessageView?> MessageByClientIdAsync(long conversationId, Guid clientId, CancellationToken ct) =>
        MessageByClientIdOf.For(db)(db, conversationId, clientId, ct);

    // The queries of every message sent: compiled once, so EF skips building and looking them up, which was a quarter
    // of the chat server's CPU.
    private sealed record SendCheck(ConversationStatus Status, string CustomerUserId, string? AgentUserId);

    private sealed record SendFacts(ChatStanding Standing, string SenderName, SendCheck? Conversation, MessageView? Stored);

    // Each join finds at most one row (primary keys, and the unique client id of a conversation's messages).
    private static readonly CompiledPerModel<Func<PortalDbContext, string, string, long, Guid, CancellationToken, Task<SendFacts?>>> SendFactsOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string userId, string sessionId, long conversationId, Guid clientId, CancellationToken ct) =>
            (from u in db.Users.AsNoTracking().Where(u => u.Id == userId)
             from s in db.Set<SignInSession>().AsNoTracking().Where(s => s.Id == sessionId).DefaultIfEmpty()
             from c in db.Set<Conversation>().AsNoTracking().Where(c => c.Id == conversationId).DefaultIfEmpty()
             from m in db.Set<ChatMessage>().AsNoTracking().Where(m => m.ConversationId == conversationId && m.ClientId == clientId).DefaultIfEmpty()
             select new SendFacts(
                 new ChatStanding(u.LockoutEnd,
                     s == null ? null : new SessionFacts(s.UserId, s.Kind, s.RevokedAtUtc, s.ExpiresAtUtc, s.LastSeenAtUtc),
                     db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && AgentRoles.Contains(r.Name!)))),
                 u.DisplayName,
                 c == null ? null : new SendCheck(c.Status, c.CustomerUserId, c.AgentUserId),
                 m == null ? null : new MessageView(m.Id, m.ConversationId, m.ClientId, m.Sender, m.SenderUserId, m.SenderName, m.Body, m.SentUtc)))
            .FirstOrDefault()));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<bool>>> IsAgentOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string userId, CancellationToken ct) =>
            db.UserRoles.Any(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && AgentRoles.Contains(r.Name!)))));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<string?>>> NameOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string userId, CancellationToken ct) =>
            db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefault()));

    private static readonly CompiledPerModel<Func<PortalDbContext, long, Guid, CancellationToken, Task<MessageView?>>> MessageByClientIdOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, long conversationId, Guid clientId, CancellationToken ct) => db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.ClientId == clientId)
            .Select(m => new MessageView(m.Id, m.ConversationId, m.ClientId, m.Sender, m.SenderUserId, m.SenderName, m.Body, m.SentUtc))
            .FirstOrDefault()));

    private static MessageView View(ChatMessage m) =>
        new(m.Id, m.ConversationId, m.ClientId, m.Sender, m.SenderUserId, m.SenderName, m.Body, m.SentUtc);

    private IQueryable<ConversationView> Views(IQueryable<Conversation> conversations) =>
        conversations.AsNoTracking().Select(c => new ConversationView(
            c.Id, c.Status, c.CustomerUserId,
            db.Users.Where(u => u.Id == c.CustomerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            c.AgentUserId,
            db.Users.Where(u => u.Id == c.AgentUserId).Select(u => u.DisplayName).FirstOrDefault(),
            c.CreatedUtc, c.AcceptedUtc, c.ClosedUtc, c.Rating, c.RatingComment,
            c.CustomerLastReadMessageId, c.AgentLastReadMessageId,
            db.Set<ChatMessage>().Count(m => m.ConversationId == c.Id && m.Sender != ChatSender.System)));
}
