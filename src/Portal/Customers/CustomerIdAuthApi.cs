using System.ComponentModel;
using System.Security.Claims;
using Portal.Core.Security;
using Portal.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Core.Customers;
using Portal.Shell;
using Codes = Portal.Shell.Api.ApiProblems.Codes;

using Portal.Shell.Api;

namespace Portal.Customers;

/// <summary>
/// Bearer-token sign-in for the app, after Identity's own MapIdentityApi login and refresh. MapIdentityApi itself
/// is not used: its /register would create accounts without a Customer ID.
/// </summary>
public static class CustomerIdAuthApi
{
    public static IEndpointRouteBuilder MapCustomerIdAuthApi(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in").AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
            {
                // Token responses must not be cached (RFC 6749, section 5.1).
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            });

        auth.MapPost("/login", LoginAsync)
            .WithName("Login")
            .WithSummary("Signs in with email and password (and the 2FA code when the account uses one).")
            .WithDescription(
                "Returns an access token and a refresh token. Failures are 401 problems whose `code` says why: " +
                $"`{Codes.InvalidCredentials}`, `{Codes.LockedOut}` (5 failures lock the account for 5 minutes), " +
                $"`{Codes.TwoFactorRequired}` (send twoFactorCode or twoFactorRecoveryCode), `{Codes.InvalidTwoFactorCode}`, " +
                $"`{Codes.InvalidRecoveryCode}`, `{Codes.NotAllowed}`. Attempts are rate-limited per IP and per account " +
                $"(429 `{Codes.TooManyRequests}` with `Retry-After` in seconds).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(PortalWeb.AuthRateLimit);

        auth.MapPost("/refresh", RefreshAsync)
            .WithName("Refresh")
            .WithSummary("Trades a refresh token for a new access token and refresh token.")
            .WithDescription(
                "Each refresh token works once: keep the new one. Sending one that was already used ends that sign-in " +
                "(every token of its family) and is shown to the customer as a security event. " +
                $"401 `{Codes.InvalidRefreshToken}` when the token is unreadable, expired or already used, the sign-in was ended " +
                "(signed out, password changed, account locked): sign in again.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        return api;
    }

    private static async Task<Results<Ok<AccessTokenResponse>, EmptyHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest login, SignInManager<PortalUser> signIn, SignInLimiter limiter, AccountEventRecorder events, IStringLocalizer<SharedResource> s)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(login.Email)) errors["email"] = [s["Enter your email address."]];
        if (string.IsNullOrEmpty(login.Password)) errors["password"] = [s["Enter your password."]];
        if (errors.Count > 0) return ApiProblems.Validation(errors);
        if (await limiter.AttemptAsync(login.Email!) is { } wait)
        {
            PortalRateLimits.SetRetryAfter(signIn.Context.Response, wait);
            return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, Codes.TooManyRequests, s["Too many attempts"], s["Please wait a minute and try again."]);
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(login.Email!.Trim(), login.Password!, isPersistent: false, lockoutOnFailure: true);
        string? failedSecondFactor = null;
        if (result.RequiresTwoFactor)
        {
            // SignInManager keeps the half-done sign-in for the rest of this request, so no cookie is needed.
            if (!string.IsNullOrWhiteSpace(login.TwoFactorCode))
            {
                result = await signIn.TwoFactorAuthenticatorSignInAsync(OneTimeCodes.CleanAuthenticatorCode(login.TwoFactorCode), isPersistent: false, rememberClient: false);
                failedSecondFactor = Codes.InvalidTwoFactorCode;
            }
            else if (!string.IsNullOrWhiteSpace(login.TwoFactorRecoveryCode))
            {
                result = await signIn.TwoFactorRecoveryCodeSignInAsync(OneTimeCodes.CleanRecoveryCode(login.TwoFactorRecoveryCode));
                failedSecondFactor = Codes.InvalidRecoveryCode;
            }
        }

        // The bearer handler has already written the AccessTokenResponse.
        if (result.Succeeded)
        {
            await Portal.Account.DeletionSignIn.CancelDeletionAsync(signIn.Context, (await signIn.UserManager.FindByEmailAsync(login.Email!.Trim()))?.Id);
            return TypedResults.Empty;
        }

        var http = signIn.Context;
        await events.SignInAsync(login.Email!.Trim(), result, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString());
        var title = s["Sign-in failed"];
        return result switch
        {
            { IsLockedOut: true } => ApiProblems.Problem(401, Codes.LockedOut, title, LockoutMessage.For(await signIn.UserManager.FindByEmailAsync(login.Email.Trim()), s)),
            { RequiresTwoFactor: true } => ApiProblems.Problem(401, Codes.TwoFactorRequired, title, s["Enter the code from your authenticator app."]),
            { IsNotAllowed: true } => ApiProblems.Problem(401, Codes.NotAllowed, title, s["This account cannot sign in right now."]),
            _ when failedSecondFactor == Codes.InvalidTwoFactorCode => ApiProblems.Problem(401, Codes.InvalidTwoFactorCode, title, s["That code is not valid."]),
            _ when failedSecondFactor == Codes.InvalidRecoveryCode => ApiProblems.Problem(401, Codes.InvalidRecoveryCode, title, s["That recovery code is not valid."]),
            // Same answer whether the email exists or not.
            _ => ApiProblems.Problem(401, Codes.InvalidCredentials, title, s["The email or password is not correct."]),
        };
    }

    private static async Task<Results<Ok<AccessTokenResponse>, SignInHttpResult, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest refresh, SignInManager<PortalUser> signIn, IOptionsMonitor<BearerTokenOptions> bearerOptions,
        TimeProvider clock, SignInSessions sessions, IStringLocalizer<SharedResource> s)
    {
        if (string.IsNullOrWhiteSpace(refresh.RefreshToken))
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["refreshToken"] = [s["A value is required."]] });

        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(refresh.RefreshToken);
        var expired = ProblemSignInExpired(s);
        if (ticket?.Properties.ExpiresUtc is not { } expiresUtc || clock.GetUtcNow() >= expiresUtc) return expired;

        // Each refresh token works once: trading it in gives the next one of its family (the app session); an old one
        // coming back ends the family.
        var principal = ticket.Principal;
        if (principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId
            || principal.FindFirstValue(SessionClaims.SessionId) is not { } sessionId
            || principal.FindFirstValue(SessionClaims.RefreshTokenId) is not { } refreshTokenId)
            return expired;
        var http = signIn.Context;
        var rotation = await sessions.RotateRefreshTokenAsync(userId, sessionId, refreshTokenId,
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString());
        if (rotation.Outcome != RefreshOutcome.Rotated) return expired;

        if (await signIn.ValidateSecurityStampAsync(principal) is not { } user
            || !await signIn.CanSignInAsync(user)
            || await signIn.UserManager.IsLockedOutAsync(user))
        {
            await sessions.EndAsync(userId, sessionId, SessionEndReasons.SignedOut);
            return expired;
        }

        var next = await signIn.CreateUserPrincipalAsync(user);
        var identity = (ClaimsIdentity)next.Identity!;
        identity.AddClaim(new Claim(SessionClaims.SessionId, sessionId));
        identity.AddClaim(new Claim(SessionClaims.RefreshTokenId, rotation.NewRefreshTokenId!));
        if (principal.FindFirst("amr") is { } amr) identity.AddClaim(new Claim(amr.Type, amr.Value));
        return TypedResults.SignIn(next, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static ProblemHttpResult ProblemSignInExpired(IStringLocalizer<SharedResource> s) =>
        ApiProblems.Problem(401, Codes.InvalidRefreshToken, s["Sign-in expired"], s["Sign in again to continue."]);
}

public sealed record LoginRequest(
    [property: Description("The account's email address.")] string? Email,
    [property: Description("The password.")] string? Password,
    [property: Description("The 6-digit code from the authenticator app, for accounts with two-factor sign-in.")] string? TwoFactorCode = null,
    [property: Description("A one-time recovery code, instead of twoFactorCode.")] string? TwoFactorRecoveryCode = null);

public sealed record RefreshRequest(
    [property: Description("The refreshToken from the last login or refresh.")] string? RefreshToken);
