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
                        i.UserAgent is null ? null : SecurityText.Device(s, i.UserAgent, i.App), i.Method, i.Reason)).ToList(),
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

        return customer;
    }
}

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
    [property: Description("For failures and ended sessions: why.")] string? Reason);

public sealed record SecurityActivityResponse(IReadOnlyList<SecurityActivityItem> Items,
    [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public sealed record SessionResponse(string Id, SessionKind Kind, string Device, string? IpAddress,
    [property: Description("UTC.")] DateTime SignedInAt, [property: Description("UTC.")] DateTime LastSeenAt, bool Current);
