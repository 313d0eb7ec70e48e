using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Localization;
using Microsoft.OpenApi;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Sending;
using Portal.Core.Segments;
using Portal.Loyalty;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Notifications.Staff;

/// <summary>
/// POST /api/customer-id/notifications/send: staff (a bearer token from /auth/login) or a system with an integration
/// key allowed to send notifications write to one customer or a segment. The send is recorded and fanned out by a job.
/// </summary>
public static class NotificationSendApi
{
    public const string Policy = "NotificationsSend";

    public static class Codes
    {
        public const string UnknownSegment = "unknown_segment";
        public const string UnknownTopic = "unknown_topic";
        public const string UnknownChannel = "unknown_channel";
        public const string EmptyText = "empty_text";
        public const string AudienceRequired = "audience_required";
    }

    /// <summary>Staff and admins with a bearer token, or an integration key with <see cref="IntegrationPermissions.NotificationsSend"/>.</summary>
    public static IServiceCollection AddNotificationSendPolicy(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(IdentityConstants.BearerScheme, IntegrationKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.IsInRole(Roles.Staff) || c.User.IsInRole(Roles.Admin)
                || c.User.HasClaim(IntegrationKeyAuthentication.PermissionClaim, IntegrationPermissions.NotificationsSend)));
        return services;
    }

    public static RouteGroupBuilder MapNotificationSendApi(this RouteGroupBuilder api)
    {
        api.MapPost("/notifications/send", SendAsync)
            .WithTags("Notifications")
            .RequireAuthorization(Policy)
            .WithName("SendNotification")
            .WithSummary("Sends a message to one customer (by Customer ID) or a segment, in English and Arabic; each customer gets it in their language.")
            .WithDescription(
                "For staff (a bearer token from /auth/login) or an integration key with the `notifications:send` permission (`X-Api-Key`). " +
                "Give `customerId` or `segment` (New, Inactive, Vip, AtRisk, Frequent, Occasional), a `topic` (Offers, PointsRewards, " +
                "SpecialDates, Tickets, Security), `title` and `body` in `en` and `ar` (plain text), the `channels` (Email, Sms, Push, InApp) " +
                "and an optional portal path as `link`. Customers' choices for the topic are respected (Security reaches everyone). " +
                "The answer is 202 with the send id and the planned counts per channel; the audience is notified in batches in the " +
                "background, each customer once. Send an `Idempotency-Key`: a retry gets the same answer and sends nothing again. " +
                $"Refusals: `400 {Codes.UnknownTopic}`, `400 {Codes.UnknownChannel}`, `400 {Codes.EmptyText}`, `400 {Codes.AudienceRequired}`, " +
                $"`400 validation_failed`, `422 {ApiProblems.Codes.UnknownCustomer}`, `422 {Codes.UnknownSegment}`, `403 forbidden` (a customer's token, " +
                "or a key without the permission).")
            .Produces<SendAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                // Either scheme will do: the bearer requirement comes from the shared transformer, the key is added here.
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiOpenApi.ApiKeySchemeId, context.Document)] = [] });
                return Task.CompletedTask;
            })
            .WithIdempotencyKey();
        return api;
    }

    private static async Task<Results<Accepted<SendAccepted>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendNotificationRequest request, HttpContext http, NotificationSends sends, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        if (!Enum.TryParse<NotificationTopic>(request.Topic, ignoreCase: true, out var topic) || !Enum.IsDefined(topic) || int.TryParse(request.Topic, out _))
            return ApiProblems.Problem(400, Codes.UnknownTopic, s["Unknown topic"], s["Use one of: {0}.", string.Join(", ", NotificationTopics.All)]);
        var channels = new HashSet<NotificationChannel>();
        foreach (var name in request.Channels ?? [])
        {
            if (!Enum.TryParse<NotificationChannel>(name, ignoreCase: true, out var channel) || !Enum.IsDefined(channel) || int.TryParse(name, out _))
                return ApiProblems.Problem(400, Codes.UnknownChannel, s["Unknown channel"], s["Use one of: {0}.", string.Join(", ", NotificationTopics.Channels)]);
            channels.Add(channel);
        }
        if (string.IsNullOrWhiteSpace(request.CustomerId) == string.IsNullOrWhiteSpace(request.Segment))
            return ApiProblems.Problem(400, Codes.AudienceRequired, s["Choose whom to send it to"], s["Give either customerId or segment."]);
        Segment? segment = null;
        if (!string.IsNullOrWhiteSpace(request.Segment))
        {
            if (!Enum.TryParse<Segment>(request.Segment, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(request.Segment, out _))
                return ApiProblems.Problem(422, Codes.UnknownSegment, s["Unknown segment"], s["Use one of: {0}.", string.Join(", ", Enum.GetValues<Segment>())]);
            segment = parsed;
        }
        var draft = new SendDraft(segment is null ? SendAudienceKind.Customer : SendAudienceKind.Segment, request.CustomerId, segment, topic, channels,
            request.Title?.En, request.Body?.En, request.Title?.Ar, request.Body?.Ar, request.Link);
        var (errors, _) = await sends.CheckAsync(draft, ct);
        if (errors.Contains(SendError.UnknownCustomer))
            return ApiProblems.Problem(422, ApiProblems.Codes.UnknownCustomer, s["Unknown customer"], s["No customer has that Customer ID."]);
        if (errors.Any(e => e is SendError.TitleEnRequired or SendError.BodyEnRequired or SendError.TitleArRequired or SendError.BodyArRequired))
            return ApiProblems.Problem(400, Codes.EmptyText, s["Text missing"], s["Give the title and the body in English (en) and Arabic (ar)."]);
        if (errors.Count > 0)
            return ApiProblems.Validation(errors.GroupBy(Field).ToDictionary(g => g.Key, g => g.Select(e => StaffNotificationsModel.ErrorText(s, e)).ToArray()));

        var key = http.Request.Headers[ApiOpenApi.IdempotencyKeyHeader].FirstOrDefault();
        var keyId = http.User.FindFirstValue(IntegrationKeyAuthentication.KeyIdClaim);
        var actor = keyId is not null
            ? new SendActor(null, http.User.Identity?.Name ?? "key " + keyId, "key")
            : new SendActor(http.User.UserId(), http.User.DisplayName(), "api");
        var scoped = key is null ? null : (keyId is not null ? $"key:{keyId}:" : $"user:{actor.UserId}:") + key;
        var outcome = await sends.CreateAsync(draft, actor, scoped, ct);
        if (outcome.Send is not { } send)
            return ApiProblems.Validation(outcome.Errors.GroupBy(Field).ToDictionary(g => g.Key, g => g.Select(e => StaffNotificationsModel.ErrorText(s, e)).ToArray()));
        return TypedResults.Accepted((string?)null, SendAccepted.From(send));
    }

    private static string Field(SendError e) => e switch
    {
        SendError.CustomerIdRequired or SendError.InvalidCustomerId or SendError.UnknownCustomer => "customerId",
        SendError.SegmentRequired => "segment",
        SendError.NoChannel => "channels",
        SendError.TitleEnRequired or SendError.TitleArRequired or SendError.TitleTooLong => "title",
        SendError.BodyEnRequired or SendError.BodyArRequired or SendError.BodyTooLong => "body",
        _ => "link",
    };
}

public sealed record LocalizedText(
    [property: Description("English, plain text.")] string? En,
    [property: Description("Arabic, plain text.")] string? Ar);

public sealed record SendNotificationRequest(
    [property: Description("The Customer ID (ten digits); or give segment.")] string? CustomerId,
    [property: Description("New, Inactive, Vip, AtRisk, Frequent or Occasional; or give customerId.")] string? Segment,
    [property: Description("Offers, PointsRewards, SpecialDates, Tickets or Security.")] string? Topic,
    [property: Description($"Up to 120 characters in each language.")] LocalizedText? Title,
    [property: Description($"Up to 1,000 characters in each language.")] LocalizedText? Body,
    [property: Description("Email, Sms, Push, InApp: at least one.")] IReadOnlyList<string>? Channels,
    [property: Description("A portal path such as \"/offers\" (optional).")] string? Link);

public sealed record SendAccepted(
    long SendId,
    [property: Description("Queued, then Completed when every customer has been notified.")] string Status,
    [property: Description("Customers in the audience when it was sent: each gets one notification.")] int Recipients,
    [property: Description("Planned deliveries per ticked channel after preferences and addresses (null: not ticked).")] PlannedChannels Channels,
    [property: Description("Channel deliveries turned off by the customers' preferences.")] int OffByPreference,
    DateTime CreatedAtUtc)
{
    public static SendAccepted From(NotificationSend send)
    {
        var ticked = send.ChannelSet;
        int? Count(NotificationChannel c, int n) => ticked.Contains(c) ? n : null;
        return new SendAccepted(send.Id, send.Status.ToString(), send.PlannedRecipients,
            new PlannedChannels(Count(NotificationChannel.Email, send.PlannedEmail), Count(NotificationChannel.Sms, send.PlannedSms),
                Count(NotificationChannel.Push, send.PlannedPush), Count(NotificationChannel.InApp, send.PlannedInApp)),
            send.PlannedSuppressed, send.CreatedAtUtc);
    }
}

public sealed record PlannedChannels(int? Email, int? Sms, int? Push, int? InApp);
