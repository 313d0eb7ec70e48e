using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Core.Customers;
using Portal.Core.Notifications.Sms;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Notifications.Phone;

/// <summary>Phone verification for the app: ask for a code for a number, then confirm it.</summary>
public static class PhoneVerificationApi
{
    public static RouteGroupBuilder MapPhoneVerificationApi(this RouteGroupBuilder customer)
    {
        var group = customer.MapGroup("/account/phone/verification").WithTags("Account");

        group.MapPost("", async Task<Results<Ok<PhoneCodeSentResponse>, ProblemHttpResult>> (HttpContext http, PhoneCodeRequest body,
                PhoneVerificationService verification, UserManager<PortalUser> users, CustomerTimeZones zones, IStringLocalizer<SharedResource> s,
                CancellationToken ct) =>
            {
                var result = await verification.RequestCodeAsync(http.User.UserId(), body.PhoneNumber, ct);
                var answer = s.Describe(result, await ZoneAsync(http, users, zones));
                if (answer.IsError) return Problem(answer, result);
                return TypedResults.Ok(new PhoneCodeSentResponse(result.Outcome == PhoneVerificationOutcome.CodeSent ? "code_sent" : "already_verified",
                    result.PhoneNumber!, result.ExpiresAtUtc, answer.Text));
            })
            .WithName("RequestPhoneVerificationCode")
            .WithSummary("Texts a 6-digit code to the number (valid for 10 minutes).")
            .WithDescription("The number may be national (05…, for the business's country) or international (+…); it is stored in E.164. " +
                "At most one code a minute and 5 an hour; after 5 wrong codes verification is locked for 15 minutes. " +
                "Problems: invalid_phone_number (400), code_requested_too_soon and too_many_codes (429, with retryAt), " +
                "phone_verification_locked (423, with retryAt), sms_send_failed (503).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status423Locked,
                StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/confirm", async Task<Results<Ok<PhoneVerifiedResponse>, ProblemHttpResult>> (HttpContext http, PhoneCodeConfirmation body,
                PhoneVerificationService verification, SignInManager<PortalUser> signIn, CustomerTimeZones zones,
                IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, Portal.Core.Security.SignInSessions sessions,
                IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var result = await verification.ConfirmAsync(http.User.UserId(), body.Code, ct);
                var user = await signIn.UserManager.GetUserAsync(http.User);
                var answer = s.Describe(result, user is null ? zones.Business : zones.For(user));
                if (answer.IsError || user is null) return Problem(answer, result);
                // Verifying changes the security stamp, which ends the token this request came with: hand over new ones.
                var tokens = await NewTokensAsync(signIn, user, bearer.Get(IdentityConstants.BearerScheme), clock, sessions, http.User, ct);
                return TypedResults.Ok(new PhoneVerifiedResponse(result.PhoneNumber!, true, answer.Text, tokens));
            })
            .WithName("ConfirmPhoneVerificationCode")
            .WithSummary("Confirms the code last texted; the number becomes the account's verified phone.")
            .WithDescription("A wrong code counts (wrong_code, 422, with attemptsLeft); the fifth locks verification for 15 minutes " +
                "(phone_verification_locked, 423). Other problems: malformed_code (400), no_code_pending (409), code_expired (410). " +
                "Success changes the account's security stamp, so the old access and refresh tokens stop working: use the ones in the answer.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status410Gone,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status423Locked);
        return customer;
    }

    private static ProblemHttpResult Problem(PhoneAnswer answer, PhoneVerificationResult result)
    {
        var problem = ApiProblems.Problem(answer.Status, answer.Code, answer.Text);
        if (result.RetryAtUtc is { } retry) problem.ProblemDetails.Extensions["retryAt"] = DateTime.SpecifyKind(retry, DateTimeKind.Utc);
        if (result.Outcome == PhoneVerificationOutcome.WrongCode) problem.ProblemDetails.Extensions["attemptsLeft"] = result.AttemptsLeft;
        return problem;
    }

    private static async Task<TimeZoneInfo> ZoneAsync(HttpContext http, UserManager<PortalUser> users, CustomerTimeZones zones) =>
        await users.GetUserAsync(http.User) is { } user ? zones.For(user) : zones.Business;

    /// <summary>What the bearer handler writes on sign-in (see /auth/refresh), built here so the answer can carry more.</summary>
    private static async Task<PhoneTokens> NewTokensAsync(SignInManager<PortalUser> signIn, PortalUser user, BearerTokenOptions options, TimeProvider clock,
        Portal.Core.Security.SignInSessions sessions, ClaimsPrincipal caller, CancellationToken ct)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        // The app's session carries on with the new tokens: its refresh token moves on, as on a refresh.
        var http = signIn.Context;
        var ip = http.Connection.RemoteIpAddress?.ToString();
        var agent = http.Request.Headers.UserAgent.ToString();
        string sessionId;
        string? refreshTokenId;
        if (caller.FindFirstValue(Portal.Security.SessionClaims.SessionId) is { } sid
            && caller.FindFirstValue(Portal.Security.SessionClaims.RefreshTokenId) is { } oldRefresh
            && await sessions.RotateRefreshTokenAsync(user.Id, sid, oldRefresh, ip, agent, ct) is { Outcome: Portal.Core.Security.RefreshOutcome.Rotated } rotated)
        {
            (sessionId, refreshTokenId) = (sid, rotated.NewRefreshTokenId);
        }
        else
        {
            var session = await sessions.StartAsync(user.Id, Portal.Core.Security.SessionKind.App, Portal.Security.SignInMethods.Other, ip, agent, ct);
            (sessionId, refreshTokenId) = (session.Id, session.RefreshTokenId);
        }
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(Portal.Security.SessionClaims.SessionId, sessionId));
        if (refreshTokenId is not null) identity.AddClaim(new Claim(Portal.Security.SessionClaims.RefreshTokenId, refreshTokenId));
        var now = clock.GetUtcNow();
        var access = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = now + options.BearerTokenExpiration },
            $"{IdentityConstants.BearerScheme}:AccessToken");
        var refresh = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = now + options.RefreshTokenExpiration },
            $"{IdentityConstants.BearerScheme}:RefreshToken");
        return new PhoneTokens("Bearer", options.BearerTokenProtector.Protect(access), (long)options.BearerTokenExpiration.TotalSeconds,
            options.RefreshTokenProtector.Protect(refresh));
    }
}

public sealed record PhoneCodeRequest([property: Description("The mobile number to verify, e.g. \"0501234567\" or \"+966501234567\".")] string? PhoneNumber);

public sealed record PhoneCodeConfirmation([property: Description("The 6-digit code from the text message.")] string? Code);

public sealed record PhoneCodeSentResponse(
    [property: Description("\"code_sent\", or \"already_verified\" when this is already the account's verified number.")] string Status,
    [property: Description("The number in E.164.")] string PhoneNumber,
    [property: Description("UTC; when the code stops working.")] DateTime? ExpiresAt,
    [property: Description("What to tell the customer, in their language.")] string Message);

public sealed record PhoneVerifiedResponse(string PhoneNumber, bool Verified, string Message,
    [property: Description("New tokens: the old ones ended with the security stamp.")] PhoneTokens Tokens);

public sealed record PhoneTokens(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
