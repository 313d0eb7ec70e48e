using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Security;
using Portal.Notifications;

namespace Portal.Security;

/// <summary>
/// Checks the session behind every cookie and bearer token against the database, so an ended session fails on its
/// very next request (a copied cookie included). One indexed read per request, remembered for the rest of it; on a
/// customer's page it also reads the header bell's count (<see cref="BellCount"/>).
/// </summary>
public static class SessionValidation
{
    private const string CheckedKey = "portal.session-checked";

    public static async Task<bool> IsActiveAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var sessionId = principal?.FindFirstValue(SessionClaims.SessionId);
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        // Cookies and tokens from before sessions existed carry no session: they sign in again.
        if (sessionId is null || userId is null) return false;
        var key = CheckedKey + sessionId;
        if (http.Items.TryGetValue(key, out var known) && known is bool active) return active;
        var sessions = http.RequestServices.GetRequiredService<SignInSessions>();
        var ip = http.Connection.RemoteIpAddress?.ToString();
        if (principal is not null && BellCount.Shown(http, principal))
        {
            (active, var unread) = await sessions.IsActiveAsync(userId, sessionId, ip, BellCount.AlongsideSession, http.RequestAborted);
            if (active) BellCount.Remember(http, unread);
        }
        else active = await sessions.IsActiveAsync(userId, sessionId, ip, http.RequestAborted);
        http.Items[key] = active;
        if (!active) http.Items[EndedKey] = true;
        return active;
    }

    private const string EndedKey = "portal.session-ended";

    /// <summary>Whether a cookie or token of an ended session came with this request.</summary>
    public static bool EndedInThisRequest(HttpContext http) => http.Items.ContainsKey(EndedKey);

    /// <summary>Ends sessions on lookup: the cookie's own check, before Identity's security-stamp check.</summary>
    public static void CheckSessions(this CookieAuthenticationOptions cookie)
    {
        var next = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnValidatePrincipal = async ctx =>
        {
            if (!await IsActiveAsync(ctx.HttpContext, ctx.Principal))
            {
                ctx.RejectPrincipal();
                await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
            // Identity's stamp check builds the sign-in manager (and its user manager and store) on every request only
            // to find its interval not yet over: the interval is looked at here first, with the same options and clock.
            var stamp = ctx.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
            if (ctx.Properties.IssuedUtc is { } issued && (stamp.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued <= stamp.ValidationInterval)
                return;
            await next(ctx);
        };
    }

    /// <summary>The same for bearer tokens (API and hubs): a token whose session ended is refused.</summary>
    public static void CheckSessions(this BearerTokenOptions bearer)
    {
        var next = bearer.Events.OnMessageReceived;
        bearer.Events.OnMessageReceived = async ctx =>
        {
            await next(ctx);
            if (ctx.Result is not null) return;
            var token = ctx.Token ?? BearerFromHeader(ctx.Request);
            if (token is null) return;
            // Unreadable or expired tokens are the handler's to refuse.
            if (ctx.Options.BearerTokenProtector.Unprotect(token) is not { } ticket) return;
            if (!await IsActiveAsync(ctx.HttpContext, ticket.Principal)) ctx.Fail("The session has ended.");
        };
    }

    private static string? BearerFromHeader(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>Identity's minute-by-minute stamp check rebuilds the principal: keep the session in it.</summary>
    public static Task KeepSession(SecurityStampRefreshingPrincipalContext ctx)
    {
        if (ctx.NewPrincipal?.Identity is ClaimsIdentity identity && ctx.CurrentPrincipal is { } current)
            foreach (var type in SessionClaims.KeptOnRefresh)
                if (current.FindFirst(type) is { } claim && identity.FindFirst(type) is null)
                    identity.AddClaim(new Claim(claim.Type, claim.Value));
        return Task.CompletedTask;
    }
}
