using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Shell;

namespace Portal.Customers.Account;

/// <summary>
/// Account mail, sent by the event dispatcher rather than inside the request: a mail server that is down delays the
/// mail, never the registration. The Message-ID comes from the event, so a resend after a crash is the same message.
/// </summary>
public sealed class AccountMail(UserManager<PortalUser> users, IdentityEmailSender mail, PublicLinks links)
    : IHandle<AccountRegistered>, IHandle<EmailConfirmationRequested>, IHandle<PasswordResetRequested>, IHandle<EmailChangeRequested>
{
    public Task HandleAsync(AccountRegistered e, EventContext context, CancellationToken ct) => ConfirmAsync(e.UserId, context);

    public Task HandleAsync(EmailConfirmationRequested e, EventContext context, CancellationToken ct) => ConfirmAsync(e.UserId, context);

    public async Task HandleAsync(PasswordResetRequested e, EventContext context, CancellationToken ct)
    {
        // Unknown addresses are recorded too, so both answers take the same path; they get no mail.
        if (e.UserId is null || await users.FindByIdAsync(e.UserId) is not { Email: { } email } user) return;
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = links.Page("/Customers/Account/ResetPassword", new { code, email });
        await mail.SendPasswordResetLinkAsync(user, email, link, MessageId(context));
    }

    /// <summary>The link goes to the new address; the old one is told, so a taken-over session cannot move the account quietly.</summary>
    public async Task HandleAsync(EmailChangeRequested e, EventContext context, CancellationToken ct)
    {
        if (await users.FindByIdAsync(e.UserId) is not { Email: { } current } user) return;
        var pending = await users.GetAuthenticationTokenAsync(user, Core.Account.AccountProfile.TokenProvider, Core.Account.AccountProfile.PendingEmailToken);
        if (pending is null) return;
        var code = Encode(await users.GenerateChangeEmailTokenAsync(user, pending));
        var link = links.Page("/Account/ConfirmEmailChange", new { userId = user.Id, email = pending, code });
        await mail.SendAccountMailAsync(user, pending, "Confirm your new email", "Confirm your new email address by opening this link:", link, MessageId(context));
        await mail.SendAccountMailAsync(user, current, "Your email is being changed",
            "Someone asked to move your account to another email address. If it was not you, change your password now:", links.Path("/security/change-password"), $"{context.EventId:N}.old@customerportal");
    }

    private async Task ConfirmAsync(string userId, EventContext context)
    {
        // Deleted since, or confirmed in the meantime: nothing to send.
        if (await users.FindByIdAsync(userId) is not { Email: { } email, EmailConfirmed: false } user) return;
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = links.Page("/Customers/Account/ConfirmEmail", new { userId = user.Id, code });
        await mail.SendConfirmationLinkAsync(user, email, link, MessageId(context));
    }

    private static string MessageId(EventContext context) => $"{context.EventId:N}@customerportal";

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token from a link, or null when it was mangled on the way.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code.Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
