using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Security;

/// <summary>The signed-in customer's security for the app: status, activity, sessions. Only ever their own.</summary>
public static class SecurityApi
{
    public static RouteGroupBuilder MapSecurityApi(this RouteGroupBuilder customer)
    {
        var security = customer.MapGroup("/security").WithTags("Security");

        security.MapGet("/status", async Task<Results<Ok<SecurityStatusResponse>, ProblemHttpResult>> (HttpContext http,
                UserManager<PortalUser> users, SecurityStatusCheck check, CancellationToken ct) =>
            {
                if (await users.GetUserAsync(http.User) is not { } user) return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized);
                var status = await check.ForAsync(user, ct);
                return TypedResults.Ok(new SecurityStatusResponse(status.Score, status.Total,
                    status.Items.Select(i => new SecurityCheckResponse(i.Check, i.Passed)).ToList(), status.PasswordSetAtUtc, status.OpenAlerts));
            })
            .WithName("GetSecurityStatus")
            .WithSummary("The security checklist and its score: email confirmed, phone verified, two-step verification, password age, open alerts.");

        security.MapGet("/activity", async Task<Results<Ok<SecurityActivityResponse>, ValidationProblem>> (HttpContext http,
                SecurityActivity activity, IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description("The last id of the previous page; leave out for the newest.")] long? before = null,
                [Description("1–100; 20 by default.")] int take = 20) =>
            {
                if (take is < 1 or > 100)
                    return ApiProblems.Validation(new Dictionary<string, string[]> { ["take"] = [s["Ask for 1 to 100 entries."]] });
                var page = await activity.PageAsync(http.User.UserId(), before, take, ct);
                return TypedResults.Ok(new SecurityActivityResponse(
                    page.Items.Select(i => new SecurityActivityItem(i.Id, i.Kind, SecurityText.Activity(s, i), i.AtUtc, i.IpAddress,
                        i.UserAgent is null ? null : SecurityText.Device(s, i.UserAgent, i.App), i.Method, i.Reason, i.Country,
                        i.Country is null ? null : Countries.Name(i.Country))).ToList(),
                    page.NextBefore));
            })
            .WithName("GetSecurityActivity")
            .WithSummary($"Security events of the last {SecurityActivity.Days} days, newest first: sign-ins and failures, new devices, changes, lockouts, redemptions.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        security.MapGet("/sessions", async (HttpContext http, SignInSessions sessions, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var current = http.User.FindFirstValue(SessionClaims.SessionId);
                return TypedResults.Ok((await sessions.ListAsync(http.User.UserId(), ct))
                    .Select(x => new SessionResponse(x.Id, x.Kind, SecurityText.Device(s, x.UserAgent, x.Kind == SessionKind.App), x.IpAddress,
                        x.CreatedAtUtc, x.LastSeenAtUtc, x.Id == current)).ToList());
            })
            .WithName("GetSecuritySessions")
            .WithSummary("Browsers and apps signed in to this account now, most recently used first; `current` marks the caller's own.");

        security.MapDelete("/sessions/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, HttpContext http,
                SignInSessions sessions, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var reason = id == http.User.FindFirstValue(SessionClaims.SessionId) ? SessionEndReasons.SignedOut : SessionEndReasons.SignedOutByUser;
                // Another customer's session id answers like an unknown one.
                return await sessions.EndAsync(http.User.UserId(), id, reason, ct)
                    ? TypedResults.NoContent()
                    : ApiProblems.Problem(StatusCodes.Status404NotFound, ApiProblems.Codes.NotFound, s["Not found"], s["There is no such session on your account."]);
            })
            .WithName("EndSecuritySession")
            .WithSummary("Signs out one of this account's sessions (its tokens stop working at once); the caller's own id signs the app out.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        security.MapGet("/alerts", async Task<Results<Ok<SecurityAlertsResponse>, ValidationProblem>> (HttpContext http,
                SecurityAlerts alerts, IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description("The last id of the previous page; leave out for the newest.")] long? before = null,
                [Description("1–100; 20 by default.")] int take = 20) =>
            {
                if (take is < 1 or > 100)
                    return ApiProblems.Validation(new Dictionary<string, string[]> { ["take"] = [s["Ask for 1 to 100 entries."]] });
                var page = await alerts.PageAsync(http.User.UserId(), before, take, ct);
                return TypedResults.Ok(new SecurityAlertsResponse(page.Items.Select(a => ToResponse(a, s)).ToList(), page.NextBefore));
            })
            .WithName("GetSecurityAlerts")
            .WithSummary("Fraud alerts on this account, newest first: unusual sign-ins, held redemptions, refused purchases. `open` ones wait for an answer.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        security.MapPost("/alerts/{id:long}/respond", async Task<Results<Ok<SecurityAlertResponse>, ValidationProblem, ProblemHttpResult>> (long id,
                RespondToAlertRequest request, HttpContext http, SecurityAlerts alerts, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                if (request.Answer is not { } answer)
                    return ApiProblems.Validation(new Dictionary<string, string[]> { ["answer"] = [s["Answer wasMe or wasNotMe."]] });
                var result = await alerts.RespondAsync(http.User.UserId(), id, answer, ct);
                return result.Error switch
                {
                    null => TypedResults.Ok(ToResponse(result.Alert!, s)),
                    // Another customer's alert answers like an unknown one.
                    AlertError.NotFound => ApiProblems.Problem(StatusCodes.Status404NotFound, ApiProblems.Codes.NotFound, s["Not found"], s["There is no such alert on your account."]),
                    _ => ApiProblems.Problem(StatusCodes.Status409Conflict, AlertAnswered, s["Already answered"], s["This alert has already been answered or closed."]),
                };
            })
            .WithName("RespondToSecurityAlert")
            .WithSummary("Answers an alert. `wasMe` closes it; `wasNotMe` signs out every session and app (this token too), removes the password (reset it by email) and holds unused reward codes for review. Repeating the same answer changes nothing.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        return customer;
    }

    public const string AlertAnswered = "alert_answered";

    private static SecurityAlertResponse ToResponse(SecurityAlert a, IStringLocalizer s) =>
        new(a.Id, a.Kind, SecurityText.Alert(s, a.Kind), a.State, SecurityText.AlertState(s, a.State), a.CreatedAtUtc, a.IpAddress,
            a.UserAgent is null ? null : SecurityText.Device(s, a.UserAgent, false), a.AnsweredAtUtc, a.Country, a.Country is null ? null : Countries.Name(a.Country));
}

public sealed record SecurityAlertResponse(
    long Id,
    AlertKind Kind,
    [property: Description("What happened, in the request's language.")] string Text,
    AlertState State,
    [property: Description("The state, in the request's language.")] string StateText,
    [property: Description("UTC.")] DateTime At,
    string? IpAddress,
    [property: Description("A readable browser or app and system, where the alert came from a sign-in.")] string? Device,
    [property: Description("UTC: when the customer answered.")] DateTime? AnsweredAt,
    [property: Description("For sign-in alerts, where known: the ISO 3166 country code.")] string? Country,
    [property: Description("The country's name in the request's language.")] string? CountryName);

public sealed record SecurityAlertsResponse(IReadOnlyList<SecurityAlertResponse> Items,
    [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public sealed record RespondToAlertRequest([property: Description("wasMe or wasNotMe.")] AlertAnswer? Answer);

public sealed record SecurityCheckResponse(SecurityCheck Check, bool Passed);

public sealed record SecurityStatusResponse(
    [property: Description("How many checks pass.")] int Score,
    int Total,
    IReadOnlyList<SecurityCheckResponse> Checks,
    [property: Description("UTC: when the password was last set.")] DateTime PasswordSetAt,
    int OpenAlerts);

public sealed record SecurityActivityItem(
    long Id,
    ActivityKind Kind,
    [property: Description("What happened, in the request's language.")] string Text,
    [property: Description("UTC.")] DateTime At,
    string? IpAddress,
    [property: Description("A readable browser or app and system, e.g. \"Chrome on Windows\".")] string? Device,
    [property: Description("For sign-ins: password, two_factor, recovery_code or other.")] string? Method,
    [property: Description("For failures and ended sessions: why.")] string? Reason,
    [property: Description("For sign-ins, where known: the ISO 3166 country code the portal's proxy reported.")] string? Country,
    [property: Description("The country's name in the request's language.")] string? CountryName);

public sealed record SecurityActivityResponse(IReadOnlyList<SecurityActivityItem> Items,
    [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public sealed record SessionResponse(string Id, SessionKind Kind, string Device, string? IpAddress,
    [property: Description("UTC.")] DateTime SignedInAt, [property: Description("UTC.")] DateTime LastSeenAt, bool Current);
