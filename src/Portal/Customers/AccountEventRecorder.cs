using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Customers;

/// <summary>Records account events from the pages: with the change they describe when Identity saves it, else on their own.</summary>
public sealed class AccountEventRecorder(Outbox outbox, PortalDbContext db, UserManager<PortalUser> users)
{
    /// <summary>Raises <paramref name="e"/> so the Identity change saves it in the same SaveChanges; dropped if the change fails.</summary>
    public async Task<IdentityResult> WithAsync(IDomainEvent e, Func<Task<IdentityResult>> change)
    {
        outbox.Raise(e);
        IdentityResult result;
        try
        {
            result = await change();
        }
        catch
        {
            outbox.Forget(e);
            throw;
        }
        if (!result.Succeeded) outbox.Forget(e);
        return result;
    }

    public async Task RecordAsync(IDomainEvent e, CancellationToken ct = default)
    {
        outbox.Raise(e);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records a failed sign-in; a success is recorded with the session it starts (PortalSignInManager).</summary>
    public async Task SignInAsync(string email, SignInResult result, string? ip, string? userAgent = null, CancellationToken ct = default)
    {
        // A right password that still needs the second step is neither a success nor a failure yet.
        if (result.RequiresTwoFactor || result.Succeeded) return;
        var userId = (await users.FindByEmailAsync(email))?.Id;
        var reason = result.IsLockedOut ? "locked_out" : result.IsNotAllowed ? "not_allowed" : "invalid_credentials";
        if (userAgent is { Length: > Portal.Core.Security.SignInSession.MaxUserAgent }) userAgent = userAgent[..Portal.Core.Security.SignInSession.MaxUserAgent];
        await RecordAsync(new SignInFailed(userId, ip, reason, userAgent), ct);
    }
}
