using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Security;

namespace Portal.Security;

/// <summary>
/// Identity's sign-in with a server-side session: every way in (password, two-factor, recovery code, registration,
/// the app's token sign-in) passes through <see cref="SignInWithClaimsAsync"/>, which starts a session and puts its
/// id in the cookie or token; sign-out ends it; a lockout ends them all.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<PortalUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation, SignInSessions sessions, Outbox outbox, Portal.Core.Data.PortalDbContext db, FraudOptions fraud)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private string? _method;

    private string? Ip => Context.Connection.RemoteIpAddress?.ToString();
    private string? Agent => Context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null;

    public override async Task SignInWithClaimsAsync(PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        if (!claims.Any(c => c.Type == SessionClaims.SessionId))
        {
            var app = AuthenticationScheme == IdentityConstants.BearerScheme;
            var method = _method ?? (claims.Any(c => c.Type == "amr" && c.Value == "mfa") ? SignInMethods.TwoFactor
                : claims.Any(c => c.Type == "amr" && c.Value == "pwd") ? SignInMethods.Password : SignInMethods.Other);
            var country = Countries.FromHeader(fraud, name => Context.Request.Headers[name].ToString());
            var session = await sessions.StartAsync(user.Id, app ? SessionKind.App : SessionKind.Browser, method, Ip, Agent, country: country);
            claims.Add(new Claim(SessionClaims.SessionId, session.Id));
            if (session.RefreshTokenId is { } rt) claims.Add(new Claim(SessionClaims.RefreshTokenId, rt));
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>Re-issues the cookie (after a profile or password change) inside the same session.</summary>
    public override async Task RefreshSignInAsync(PortalUser user)
    {
        var auth = await Context.AuthenticateAsync(AuthenticationScheme);
        if (auth is not { Succeeded: true, Principal: { } principal } || UserManager.GetUserId(principal) != await UserManager.GetUserIdAsync(user))
            return;
        var kept = new List<Claim>();
        foreach (var type in SessionClaims.KeptOnRefresh)
            if (principal.FindFirst(type) is { } claim) kept.Add(new Claim(claim.Type, claim.Value));
        await SignInWithClaimsAsync(user, auth.Properties, kept);
    }

    public override async Task SignOutAsync()
    {
        if (Context.User.FindFirstValue(SessionClaims.SessionId) is { } sessionId && UserManager.GetUserId(Context.User) is { } userId)
            await sessions.EndAsync(userId, sessionId, SessionEndReasons.SignedOut);
        await base.SignOutAsync();
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        _method = SignInMethods.RecoveryCode;
        try
        {
            var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
            if (result.Succeeded && user is not null)
            {
                outbox.Raise(new RecoveryCodeUsed(user.Id, Ip, Agent));
                await db.SaveChangesAsync();
            }
            return result;
        }
        finally
        {
            _method = null;
        }
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        var wasLocked = await UserManager.IsLockedOutAsync(user);
        // "Locked" or "not allowed" is said only to someone who knows the password: otherwise it would confirm the
        // account to a guesser. One hash either way, as for an unknown email.
        if ((wasLocked || !await CanSignInAsync(user)) && !await UserManager.CheckPasswordAsync(user, password)) return SignInResult.Failed;
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (result.IsLockedOut && !wasLocked)
        {
            // This wrong attempt locked the account: whoever is guessing may already hold a session or an app token.
            outbox.Raise(new AccountLockedOut(user.Id, Ip, Agent));
            await sessions.EndAllAsync(user.Id, SessionEndReasons.LockedOut);
            return SignInResult.Failed;
        }
        return result;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        // An unknown account takes as long as a known one: hash the attempt against a throwaway hash.
        UserManager.PasswordHasher.VerifyHashedPassword(DummyUser, DummyHash.Value, password);
        return SignInResult.Failed;
    }

    private static readonly PortalUser DummyUser = new();
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<PortalUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 210_000 }))
            .HashPassword(DummyUser, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));
}

public static class SignInMethods
{
    public const string Password = "password";
    public const string TwoFactor = "two_factor";
    public const string RecoveryCode = "recovery_code";
    public const string Other = "other";
}

public static class SessionClaims
{
    public const string SessionId = "portal_sid";
    public const string RefreshTokenId = "portal_rt";

    /// <summary>What a re-issued cookie keeps from the one it replaces.</summary>
    public static readonly string[] KeptOnRefresh = [SessionId, "amr", ClaimTypes.AuthenticationMethod];
}
