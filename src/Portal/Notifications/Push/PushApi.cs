using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Push;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Notifications.Push;

/// <summary>Web push for the app: the VAPID key to subscribe with, and the signed-in customer's own subscriptions.</summary>
public static class PushApi
{
    public static RouteGroupBuilder MapPushApi(this RouteGroupBuilder secured)
    {
        var group = secured.MapGroup("/notifications/push").WithTags("Notifications");

        group.MapGet("/key", async (VapidKeys keys, PushSubscriptions subscriptions, CancellationToken ct) =>
                TypedResults.Ok(new PushKeyResponse(await subscriptions.PublicKeyAsync(keys, ct))))
            .WithName("GetPushKey")
            .WithSummary("The VAPID public key: pass it as applicationServerKey to pushManager.subscribe.");

        group.MapGet("/subscriptions", async (HttpContext http, PushSubscriptions subscriptions, CancellationToken ct) =>
                TypedResults.Ok((await subscriptions.ListAsync(http.User.UserId(), ct)).Select(PushSubscriptionEntry.From).ToList()))
            .WithName("GetPushSubscriptions")
            .WithSummary("The browsers and apps that receive the signed-in customer's push notifications, newest first.");

        group.MapPost("/subscriptions", async Task<Results<Ok<PushSubscriptionEntry>, ValidationProblem>> (HttpContext http, PushSubscriptionRequest body,
                PushSubscriptions subscriptions, NotificationPreferences preferences, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var id = http.User.UserId();
                var (device, error, first) = await subscriptions.SubscribeAsync(id, body.Endpoint, body.Keys?.P256dh, body.Keys?.Auth,
                    http.Request.Headers.UserAgent.ToString(), ct);
                if (error is not null) return ApiProblems.Validation(Errors(error.Value, s));
                if (first) await PushTopics.TurnOnForFirstBrowserAsync(preferences, id, NotificationPreferences.SourceApi, ct);
                return TypedResults.Ok(PushSubscriptionEntry.From(device!));
            })
            .WithName("SavePushSubscription")
            .WithSummary("Registers this browser or app (the JSON of a PushSubscription); the same endpoint again updates it.")
            .WithDescription("The first one turns push on for the topics the customer has not chosen about yet (never marketing). Safe to repeat.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapDelete("/subscriptions", async Task<Results<NoContent, ProblemHttpResult>> (HttpContext http, PushSubscriptions subscriptions, CancellationToken ct,
                [Description("The endpoint the subscription was registered with.")] string endpoint) =>
                await subscriptions.RemoveAsync(http.User.UserId(), endpoint, ct) ? TypedResults.NoContent() : NotFound())
            .WithName("DeletePushSubscriptionByEndpoint")
            .WithSummary("Stops push to the browser or app with this endpoint (call it after PushSubscription.unsubscribe).")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapDelete("/subscriptions/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (long id, HttpContext http, PushSubscriptions subscriptions,
                CancellationToken ct) =>
                await subscriptions.RemoveAsync(http.User.UserId(), id, ct) ? TypedResults.NoContent() : NotFound())
            .WithName("DeletePushSubscription")
            .WithSummary("Stops push to one of the customer's browsers or apps.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return secured;
    }

    internal static Dictionary<string, string[]> Errors(PushSubscribeError error, IStringLocalizer s) => error switch
    {
        PushSubscribeError.InvalidEndpoint => new() { ["endpoint"] = [s["This is not a push service address."]] },
        _ => new() { ["keys"] = [s["The browser's push keys are missing or malformed."]] },
    };

    private static ProblemHttpResult NotFound() => ApiProblems.Problem(StatusCodes.Status404NotFound, ApiProblems.Codes.NotFound, "Not found");
}

public sealed record PushKeyResponse([property: Description("Base64url, the 65-byte uncompressed P-256 point.")] string PublicKey);

public sealed record PushKeys(
    [property: Description("Base64url P-256 public key of the browser.")] string? P256dh,
    [property: Description("Base64url 16-byte authentication secret.")] string? Auth);

public sealed record PushSubscriptionRequest(
    [property: Description("The push service URL (https).")] string? Endpoint,
    PushKeys? Keys);

public sealed record PushSubscriptionEntry(long Id,
    [property: Description("Browser and system, read from the User-Agent: \"Firefox · Android\".")] string Label,
    string Endpoint, DateTime CreatedAtUtc,
    [property: Description("When a push last reached it.")] DateTime? LastSuccessAtUtc)
{
    public static PushSubscriptionEntry From(PushDevice d) => new(d.Id, d.Label, d.Endpoint, d.CreatedAtUtc, d.LastSuccessAtUtc);
}
