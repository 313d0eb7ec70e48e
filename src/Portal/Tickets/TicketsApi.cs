using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Shell.Api;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tickets;
using Codes = Portal.Shell.Api.ApiProblems.Codes;

namespace Portal.Tickets;

/// <summary>
/// Support tickets for the app, under /api/customer-id/support/tickets. A customer sees and touches only their own
/// tickets (another customer's is 404) and never sees agents' internal notes.
/// </summary>
public static class TicketsApi
{
    public static RouteGroupBuilder MapTicketsApi(this RouteGroupBuilder secured)
    {
        var tickets = secured.MapGroup("/support/tickets").WithTags("Support tickets")
            .RequireAuthorization(Policies.Customer)
            .ProducesProblems(StatusCodes.Status403Forbidden);

        tickets.MapPost("", CreateAsync)
            .WithName("CreateTicket")
            .WithSummary("Opens a support ticket.")
            .WithDescription("The ticket starts as `New`. Attachments can be sent from the website only. Send an `Idempotency-Key` " +
                "so a retry never opens a second ticket (the key is stored with the ticket).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKeyInTransaction();

        tickets.MapGet("", ListAsync)
            .WithName("ListTickets")
            .WithSummary("The customer's tickets, newest first (their messages: GET /support/tickets/{id} or /comments).")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        tickets.MapGet("/{id:int}", GetAsync)
            .WithName("GetTicket")
            .WithSummary("One ticket with its conversation in time order.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        tickets.MapGet("/{id:int}/comments", CommentsAsync)
            .WithName("ListTicketComments")
            .WithSummary("The ticket's messages, newest first (the support team's internal notes are never included).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        tickets.MapPut("/{id:int}", UpdateAsync)
            .WithName("UpdateTicket")
            .WithSummary("Closes the ticket ({\"status\":\"Closed\"}) or rates it ({\"rating\":5,\"ratingComment\":\"…\"}).")
            .WithDescription(
                "Send either `status` or `rating`, not both. Customers may only close (`Closed` is final). A rating (1–5) is " +
                $"accepted once, after the ticket is `Resolved` or `Closed`. 409 problems: `{Codes.InvalidTransition}`, " +
                $"`{Codes.TicketClosed}`, `{Codes.AlreadyRated}`, `{Codes.NotResolved}`.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        tickets.MapPost("/{id:int}/comments", CommentAsync)
            .WithName("AddTicketComment")
            .WithSummary("Adds the customer's reply. A reply reopens a `Pending` or `Resolved` ticket.")
            .WithDescription($"A `Closed` ticket takes no replies (409 `{Codes.TicketClosed}`): open a new ticket. " +
                "Send an `Idempotency-Key` so a retry never adds the reply twice.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKeyInTransaction();
        return secured;
    }

    private static async Task<Results<Created<TicketResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTicketRequest request, HttpContext http, TicketService service, TicketQueries queries, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Subject)) errors["subject"] = [s["Enter a subject."]];
        if (string.IsNullOrWhiteSpace(request.Description)) errors["description"] = [s["Write a message."]];
        if (request.Category is null) errors["category"] = [s["Choose a category."]];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        var customer = http.User.AsTicketCustomer();
        var result = await service.CreateAsync(customer,
            new NewTicket(request.Subject!, request.Category!.Value, request.Priority ?? TicketPriority.Normal, request.Description!), [], ct);
        if (result.Error is { } error)
        {
            if (Problem(error, s) is { } problem) return problem;
            return Invalid(error, s, "description");
        }
        var view = (await queries.ViewAsync(customer, result.Ticket!.Number, ct))!;
        return TypedResults.Created($"/api/customer-id/support/tickets/{view.Ticket.Number}", TicketResponse.From(view));
    }

    private static async Task<Results<Ok<Page<TicketListItem>>, ValidationProblem>> ListAsync(HttpContext http, PortalDbContext db,
        IStringLocalizer<SharedResource> s, CancellationToken ct,
        [Description(ApiPaging.BeforeDescription)] long? before = null,
        [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake)
    {
        if (ApiPaging.Check(take, s) is { } problem) return problem;
        var fetched = await db.Set<Ticket>().AsNoTracking().VisibleTo(http.User.AsTicketCustomer())
            .Where(t => before == null || t.Number < before).OrderByDescending(t => t.Number).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(ApiPaging.Of(fetched, take, t => t.Number).Map(TicketListItem.From));
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> GetAsync(
        int id, HttpContext http, TicketQueries queries, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        await queries.ViewAsync(http.User.AsTicketCustomer(), id, ct) is { } view
            ? TypedResults.Ok(TicketResponse.From(view))
            : Problem(TicketError.NotFound, s)!;

    private static async Task<Results<Ok<Page<TicketCommentResponse>>, ValidationProblem, ProblemHttpResult>> CommentsAsync(
        int id, HttpContext http, PortalDbContext db, IStringLocalizer<SharedResource> s, CancellationToken ct,
        [Description(ApiPaging.BeforeDescription)] long? before = null,
        [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake)
    {
        if (ApiPaging.Check(take, s) is { } problem) return problem;
        var customer = http.User.AsTicketCustomer();
        var ticket = await db.Set<Ticket>().AsNoTracking().VisibleTo(customer).Where(t => t.Number == id).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
        if (ticket is null) return Problem(TicketError.NotFound, s)!;
        var fetched = await db.Set<TicketComment>().AsNoTracking().VisibleTo(customer)
            .Where(c => c.TicketId == ticket && (before == null || c.Id < before)).OrderByDescending(c => c.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(ApiPaging.Of(fetched, take, c => c.Id)
            .Map(c => new TicketCommentResponse(c.Id, c.AuthorName, c.ByAgent, c.Body, c.AtUtc)));
    }

    private static async Task<Results<Ok<TicketResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, UpdateTicketRequest request, HttpContext http, TicketService service, TicketQueries queries, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        if ((request.Status is null) == (request.Rating is null))
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["status"] = [s["Send either a status or a rating."]] });
        var customer = http.User.AsTicketCustomer();
        var result = request.Status is { } status
            ? await service.ChangeStatusAsync(customer, id, status, ct)
            : await service.RateAsync(customer, id, request.Rating!.Value, request.RatingComment, ct);
        if (result.Error is { } error)
        {
            if (Problem(error, s) is { } problem) return problem;
            return Invalid(error, s, "rating");
        }
        return TypedResults.Ok(TicketResponse.From((await queries.ViewAsync(customer, id, ct))!));
    }

    private static async Task<Results<Created<TicketResponse>, ValidationProblem, ProblemHttpResult>> CommentAsync(
        int id, AddCommentRequest request, HttpContext http, TicketService service, TicketQueries queries, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var customer = http.User.AsTicketCustomer();
        var result = await service.ReplyAsync(customer, id, request.Body ?? "", isInternal: false, ct);
        if (result.Error is { } error)
        {
            if (Problem(error, s) is { } problem) return problem;
            return Invalid(error, s, "body");
        }
        return TypedResults.Created($"/api/customer-id/support/tickets/{id}", TicketResponse.From((await queries.ViewAsync(customer, id, ct))!));
    }

    /// <summary>The problem for a refused action: 404 (never "not yours"), 409 with a stable code, or null for a field error.</summary>
    private static ProblemHttpResult? Problem(TicketError error, IStringLocalizer s)
    {
        (int Status, string Code)? kind = error switch
        {
            TicketError.NotFound or TicketError.NotAllowed => (StatusCodes.Status404NotFound, Codes.NotFound),
            TicketError.TicketClosed => (StatusCodes.Status409Conflict, Codes.TicketClosed),
            TicketError.AlreadyRated => (StatusCodes.Status409Conflict, Codes.AlreadyRated),
            TicketError.NotResolvedYet => (StatusCodes.Status409Conflict, Codes.NotResolved),
            TicketError.InvalidTransition or TicketError.Conflict => (StatusCodes.Status409Conflict, Codes.InvalidTransition),
            _ => null,
        };
        if (kind is not { } k) return null;
        var title = k.Status == StatusCodes.Status404NotFound ? s["Not found"] : s["This cannot be done"];
        return ApiProblems.Problem(k.Status, k.Code, title, s.Error(error == TicketError.NotAllowed ? TicketError.NotFound : error));
    }

    private static ValidationProblem Invalid(TicketError error, IStringLocalizer s, string bodyField = "body")
    {
        var field = error switch
        {
            TicketError.EmptySubject or TicketError.SubjectTooLong => "subject",
            TicketError.InvalidRating => "rating",
            TicketError.MessageTooLong when bodyField == "rating" => "ratingComment",
            _ => bodyField,
        };
        return ApiProblems.Validation(new Dictionary<string, string[]> { [field] = [s.Error(error)] });
    }

    private sealed class UnreachableException(string code) : Exception(code);
}

public sealed record CreateTicketRequest(
    [property: Description("What it is about, at most 150 characters.")] string? Subject,
    [property: Description("Account, Loyalty, Orders, Technical or Other.")] TicketCategory? Category,
    [property: Description("Low, Normal (the default), High or Urgent.")] TicketPriority? Priority,
    [property: Description("The customer's first message, at most 5000 characters.")] string? Description);

public sealed record UpdateTicketRequest(
    [property: Description("\"Closed\" to close the ticket. Leave out when rating.")] TicketStatus? Status = null,
    [property: Description("1 to 5, once the ticket is Resolved or Closed. Leave out when closing.")] int? Rating = null,
    [property: Description("Optional words with the rating, at most 1000 characters.")] string? RatingComment = null);

public sealed record AddCommentRequest(
    [property: Description("The reply, at most 5000 characters.")] string? Body);

public sealed record TicketCommentResponse(
    int Id,
    [property: Description("Who wrote it: the customer's or the agent's name.")] string Author,
    [property: Description("True for the support team's replies.")] bool FromSupport,
    string Body,
    [property: Description("UTC.")] DateTime At);

public sealed record TicketListItem(
    [property: Description("The ticket number, used in URLs: /support/tickets/{id}.")] int Id,
    [property: Description("The number as people see it: \"#1042\".")] string Number,
    string Subject,
    TicketCategory Category,
    TicketPriority Priority,
    [property: Description("New, Open, Pending (waiting for the customer), Resolved or Closed.")] TicketStatus Status,
    [property: Description("UTC.")] DateTime CreatedAt,
    [property: Description("UTC.")] DateTime UpdatedAt,
    [property: Description("1 to 5 once rated.")] int? Rating)
{
    internal static TicketListItem From(Ticket t) =>
        new(t.Number, Ticket.Display(t.Number), t.Subject, t.Category, t.Priority, t.Status, t.CreatedAtUtc, t.UpdatedAtUtc, t.Rating);
}

public sealed record TicketResponse(
    [property: Description("The ticket number, used in URLs: /support/tickets/{id}.")] int Id,
    [property: Description("The number as people see it: \"#1042\".")] string Number,
    string Subject,
    TicketCategory Category,
    TicketPriority Priority,
    [property: Description("New, Open, Pending (waiting for the customer), Resolved or Closed.")] TicketStatus Status,
    [property: Description("UTC.")] DateTime CreatedAt,
    [property: Description("UTC.")] DateTime UpdatedAt,
    [property: Description("UTC; when support first answered.")] DateTime? FirstResponseAt,
    [property: Description("UTC.")] DateTime? ResolvedAt,
    [property: Description("UTC.")] DateTime? ClosedAt,
    [property: Description("1 to 5 once rated.")] int? Rating,
    string? RatingComment,
    [property: Description("The conversation in time order (the support team's internal notes are never included).")] IReadOnlyList<TicketCommentResponse> Comments)
{
    internal static TicketResponse From(TicketView view)
    {
        var t = view.Ticket;
        return new TicketResponse(t.Number, view.Display, t.Subject, t.Category, t.Priority, t.Status, t.CreatedAtUtc, t.UpdatedAtUtc,
            t.FirstResponseAtUtc, t.ResolvedAtUtc, t.ClosedAtUtc, t.Rating, t.RatingComment,
            view.Timeline.Where(e => e.Comment is { IsInternal: false }).Select(e => new TicketCommentResponse(
                e.Comment!.Id, e.Comment.AuthorName, e.Comment.ByAgent, e.Comment.Body, e.AtUtc)).ToList());
    }
}
