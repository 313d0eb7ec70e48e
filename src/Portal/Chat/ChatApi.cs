using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Chat;
using Portal.Core.Tickets;
using Portal.Shell;
using Portal.Shell.Api;
using Portal.Tickets;

namespace Portal.Chat;

/// <summary>
/// Live chat for apps, under /api/customer-id/chat: start a chat (or leave a message when nobody can answer), list
/// one's chats and read a transcript. Talking happens on the hub (/hubs/chat with the same bearer token). A customer
/// sees only their own chats: another's is 404, as if it did not exist.
/// </summary>
public static class ChatApi
{
    public const string UnavailableCode = "chat_unavailable";
    public const int MaxPage = 100;

    public static RouteGroupBuilder MapChatApi(this RouteGroupBuilder secured)
    {
        var chats = secured.MapGroup("/chat").WithTags("Live chat")
            .RequireAuthorization(Policies.Customer)
            .ProducesProblems(StatusCodes.Status403Forbidden);

        chats.MapGet("/availability", async (ChatAvailability availability) =>
            {
                var online = await availability.AgentOnlineAsync();
                return TypedResults.Ok(new ChatAvailabilityResponse(availability.WithinHours && online, availability.WithinHours, online));
            })
            .WithName("GetChatAvailability")
            .WithSummary("Whether a chat can be started now: within business hours and with an agent online.");

        chats.MapPost("", StartAsync)
            .WithName("StartChat")
            .WithSummary("Starts a chat, or returns the one already open (a customer has at most one).")
            .WithDescription(
                "201 with a new waiting chat, 200 with the open one. Then connect to `/hubs/chat` with the same token " +
                "(`accessTokenFactory`; `?access_token=` on WebSockets and server-sent events): the connection is put into the chat's " +
                "group at once and again after every reconnect. Hub methods: `SendMessage(id, clientId, body)`, `History(id, afterId)`, " +
                "`MarkRead(id, messageId)`, `Typing(id)`, `Close(id)`; events `message`, `queue`, `accepted`, `transferred`, `closed`, " +
                "`typing`, `read`. Hub refusals are errors whose message reads `code: text` (e.g. `chat_not_allowed: …`). " +
                $"409 `{UnavailableCode}` when no agent is online or outside business hours: leave a message instead.")
            .ProducesProblems(StatusCodes.Status409Conflict);

        chats.MapPost("/leave-message", LeaveMessageAsync)
            .WithName("LeaveChatMessage")
            .WithSummary("Leaves a message for support when nobody can chat: it becomes a support ticket, answered by email.")
            .WithDescription("The ticket (category `Other`) is then under /support/tickets. Send an `Idempotency-Key` so a retry never opens a second one.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKeyInTransaction();

        chats.MapGet("", ListAsync)
            .WithName("ListChats")
            .WithSummary("The customer's chats, newest first: open, closed and abandoned.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        chats.MapGet("/{id:long}", GetAsync)
            .WithName("GetChat")
            .WithSummary("One of the customer's chats.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        chats.MapGet("/{id:long}/messages", TranscriptAsync)
            .WithName("GetChatMessages")
            .WithSummary("The transcript, oldest first, a page at a time: pass the last id you have as `afterId`.")
            .WithDescription("After a reconnect, ask with the last message id you hold to fetch what you missed.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return secured;
    }

    private static async Task<Results<Created<ChatResponse>, Ok<ChatResponse>, ProblemHttpResult>> StartAsync(
        HttpContext http, ChatService chat, ChatAvailability availability, ChatBroadcaster broadcast, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var me = http.User.UserId();
        if (await chat.OpenConversationAsync(me, ct) is { } open)
            return TypedResults.Ok(ChatResponse.From(open, await chat.QueuePositionAsync(open.Id, ct)));
        if (!await availability.IsAvailableAsync())
            return ApiProblems.Problem(StatusCodes.Status409Conflict, UnavailableCode,
                availability.WithinHours ? s["No agent is available right now"] : s["Live chat is closed at the moment"],
                s["Leave us a message instead: it becomes a support ticket, and we will reply by email."]);
        var started = await chat.StartAsync(me, ct);
        await broadcast.QueueChangedAsync(ct);
        return TypedResults.Created($"/api/customer-id/chat/{started.Id}", ChatResponse.From(started, await chat.QueuePositionAsync(started.Id, ct)));
    }

    private static async Task<Results<Created<TicketResponse>, ValidationProblem>> LeaveMessageAsync(
        LeaveMessageRequest request, HttpContext http, TicketService tickets, TicketQueries queries, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var customer = http.User.AsTicketCustomer();
        var subject = string.IsNullOrWhiteSpace(request.Subject) ? s["Message from live chat"] : request.Subject;
        var result = await tickets.CreateAsync(customer, new NewTicket(subject, TicketCategory.Other, TicketPriority.Normal, request.Message ?? ""), [], ct);
        if (result.Error is { } error)
        {
            var field = error is TicketError.EmptySubject or TicketError.SubjectTooLong ? "subject" : "message";
            return ApiProblems.Validation(new Dictionary<string, string[]> { [field] = [s.Error(error)] });
        }
        var view = (await queries.ViewAsync(customer, result.Ticket!.Number, ct))!;
        return TypedResults.Created($"/api/customer-id/support/tickets/{view.Ticket.Number}", TicketResponse.From(view));
    }

    private static async Task<Results<Ok<ChatListResponse>, ValidationProblem>> ListAsync(
        HttpContext http, ChatService chat, IStringLocalizer<SharedResource> s, CancellationToken ct,
        [Description("The last id of the previous page; leave out for the newest.")] long? before = null,
        [Description("1–100; 20 by default.")] int take = 20)
    {
        if (take is < 1 or > MaxPage) return TakeProblem(s);
        var found = await chat.CustomerChatsAsync(http.User.UserId(), before, take + 1, ct);
        var page = found.Take(take).Select(c => ChatResponse.From(c, null)).ToList();
        return TypedResults.Ok(new ChatListResponse(page, found.Count > take ? page[^1].Id : null));
    }

    private static async Task<Results<Ok<ChatResponse>, ProblemHttpResult>> GetAsync(
        long id, HttpContext http, ChatService chat, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        if (await MineAsync(id, http, chat, ct) is not { } conversation) return NotFound(s);
        return TypedResults.Ok(ChatResponse.From(conversation, await chat.QueuePositionAsync(id, ct)));
    }

    private static async Task<Results<Ok<ChatTranscriptResponse>, ValidationProblem, ProblemHttpResult>> TranscriptAsync(
        long id, HttpContext http, ChatService chat, IStringLocalizer<SharedResource> s, CancellationToken ct,
        [Description("The last message id you have; leave out to start from the beginning.")] long? afterId = null,
        [Description("1–100; 50 by default.")] int take = 50)
    {
        if (take is < 1 or > MaxPage) return TakeProblem(s);
        if (await MineAsync(id, http, chat, ct) is null) return NotFound(s);
        var messages = await chat.TranscriptPageAsync(id, new ChatViewer(http.User.UserId(), false), afterId, take + 1, ct) ?? [];
        var page = messages.Take(take).Select(ChatMessageResponse.From).ToList();
        return TypedResults.Ok(new ChatTranscriptResponse(page, messages.Count > take ? page[^1].Id : null));
    }

    /// <summary>The chat when it is the caller's own (as a customer: an agent's token does not open others' chats).</summary>
    private static async Task<ConversationView?> MineAsync(long id, HttpContext http, ChatService chat, CancellationToken ct) =>
        await chat.FindAsync(id, ct) is { } c && c.CustomerUserId == http.User.UserId() ? c : null;

    private static ProblemHttpResult NotFound(IStringLocalizer s) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, ApiProblems.Codes.NotFound, s["Not found"], s["This chat was not found."]);

    private static ValidationProblem TakeProblem(IStringLocalizer s) =>
        ApiProblems.Validation(new Dictionary<string, string[]> { ["take"] = [s["Ask for 1 to 100 entries."]] });
}

public sealed record ChatAvailabilityResponse(
    [property: Description("True when a chat can be started now.")] bool Available,
    bool WithinHours,
    bool AgentOnline);

public sealed record LeaveMessageRequest(
    [property: Description("What it is about, at most 150 characters; \"Message from live chat\" when left out.")] string? Subject,
    [property: Description("The message, at most 5000 characters.")] string? Message);

public sealed record ChatResponse(
    long Id,
    [property: Description("Waiting (in the queue), Active (with an agent), Closed or Abandoned (left the queue).")] ConversationStatus Status,
    [property: Description("The agent's name once one has accepted.")] string? AgentName,
    [property: Description("UTC.")] DateTime CreatedAt,
    [property: Description("UTC.")] DateTime? AcceptedAt,
    [property: Description("UTC.")] DateTime? ClosedAt,
    [property: Description("1 for the next in line, while waiting.")] int? QueuePosition,
    [property: Description("Messages written by the customer or the agent.")] int MessageCount,
    [property: Description("The last of the customer's messages the agent has read.")] long? AgentLastReadMessageId,
    [property: Description("1 to 5 once rated.")] int? Rating)
{
    internal static ChatResponse From(ConversationView c, int? queuePosition) =>
        new(c.Id, c.Status, c.AgentName, c.CreatedUtc, c.AcceptedUtc, c.ClosedUtc, queuePosition, c.MessageCount, c.AgentLastReadMessageId, c.Rating);
}

public sealed record ChatMessageResponse(
    long Id,
    [property: Description("The id the sender chose (a UUID); sending again with it stores nothing new.")] Guid ClientId,
    [property: Description("Customer, Agent or System (\"joined\": the agent named in senderName joined).")] ChatSender Sender,
    string SenderName,
    string Body,
    [property: Description("UTC.")] DateTime SentAt)
{
    internal static ChatMessageResponse From(MessageView m) => new(m.Id, m.ClientId, m.Sender, m.SenderName, m.Body, m.SentUtc);
}

public sealed record ChatListResponse(IReadOnlyList<ChatResponse> Items, [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public sealed record ChatTranscriptResponse(IReadOnlyList<ChatMessageResponse> Items, [property: Description("Pass as ?afterId= for the next page; null when there is no more now.")] long? NextAfterId);
