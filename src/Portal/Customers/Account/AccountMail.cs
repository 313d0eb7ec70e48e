using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Email;
using Portal.Core.Events;
using Portal.Core.Notifications;
using Portal.Notifications;
using Portal.Shell;

namespace Portal.Customers.Account;

/// <summary>
/// Account mail goes through the notification deliveries like every other message: queued by the event, sent by the
/// dispatcher with retries, recorded in the customer's history under Security. A mail server that is down delays
/// the mail, never the registration; a resend after a crash keeps the delivery's Message-ID.
/// </summary>
public sealed class AccountMail(UserManager<PortalUser> users, CustomerNotifications notify)
    : IHandle<AccountRegistered>, IHandle<EmailConfirmationRequested>, IHandle<PasswordResetRequested>
{
    public Task HandleAsync(AccountRegistered e, EventContext context, CancellationToken ct) => ConfirmAsync(e.UserId, context, ct);

    public Task HandleAsync(EmailConfirmationRequested e, EventContext context, CancellationToken ct) => ConfirmAsync(e.UserId, context, ct);

    public async Task HandleAsync(PasswordResetRequested e, EventContext context, CancellationToken ct)
    {
        // Unknown addresses are recorded too, so both answers take the same path; they get no mail.
        if (e.UserId is null || await users.FindByIdAsync(e.UserId) is not { Email: not null } user) return;
        await notify.AccountEmailAsync(user.Id, AccountEmails.ResetPassword, $"account-reset:{context.EventId:N}",
            s => (s["Reset your password"], s["We sent you a link to choose a new password."]), ct);
    }

    private async Task ConfirmAsync(string userId, EventContext context, CancellationToken ct)
    {
        // Deleted since, or confirmed in the meantime: nothing to send.
        if (await users.FindByIdAsync(userId) is not { Email: not null, EmailConfirmed: false } user) return;
        await notify.AccountEmailAsync(user.Id, AccountEmails.ConfirmEmail, $"account-confirm:{context.EventId:N}",
            s => (s["Confirm your email"], s["We sent you a link to confirm your email address."]), ct);
    }

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

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

/// <summary>
/// Makes account mail when it is sent: the confirmation or reset token is generated then, so it is never stored
/// and a retry carries a fresh one under the same Message-ID.
/// </summary>
public sealed class AccountEmailRenderer(UserManager<PortalUser> users, IdentityEmailSender mail, PublicLinks links) : IAccountEmailRenderer
{
    public bool Handles(string template) => template is AccountEmails.ConfirmEmail or AccountEmails.ResetPassword;

    public async Task<EmailMessage?> RenderAsync(OutgoingNotification message, CancellationToken ct)
    {
        // A fresh copy: the dispatcher's is read without tracking, and tokens depend on the security stamp.
        if (await users.FindByIdAsync(message.Customer.Id) is not { Email: { } email } user) return null;
        var id = message.Delivery.MessageId;
        switch (message.Notification.Template)
        {
            case AccountEmails.ConfirmEmail:
                if (user.EmailConfirmed) return null;
                var confirm = AccountMail.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
                return mail.Compose(user, email, "Confirm your email", "Confirm your email by opening this link:",
                    links.Page("/Customers/Account/ConfirmEmail", new { userId = user.Id, code = confirm }), messageId: id);
            case AccountEmails.ResetPassword:
                var reset = AccountMail.Encode(await users.GeneratePasswordResetTokenAsync(user));
                return mail.Compose(user, email, "Reset your password", "Reset your password by opening this link:",
                    links.Page("/Customers/Account/ResetPassword", new { code = reset, email }), messageId: id);
            default:
                throw new InvalidOperationException($"Unknown account mail {message.Notification.Template}.");
        }
    }
}

/// <summary>
/// Someone registered with an address that has an account: its owner is told (sign in, or reset the password if it
/// was not them) while the form answered as for a new address. Mail only, like <see cref="EmailChangeMail"/>.
/// </summary>
public sealed class RegistrationAttemptMail(UserManager<PortalUser> users, IdentityEmailSender mail, PublicLinks links) : IHandle<RegistrationWithTakenEmail>
{
    public async Task HandleAsync(RegistrationWithTakenEmail e, EventContext context, CancellationToken ct)
    {
        if (await users.FindByIdAsync(e.UserId) is not { Email: { } email } user) return;
        await mail.SendAccountMailAsync(user, email, "Someone tried to register with your email",
            "Someone tried to register with your email address, which already has an account. If it was you, sign in or reset your password here:",
            links.Path("/account/forgot-password"), $"{context.EventId:N}.register@customerportal");
    }
}

/// <summary>
/// An email change: the link goes to the new address, which has no account yet and so no notification settings;
/// the old one is told, so a taken-over session cannot move the account quietly. Mail only, so outside the
/// dispatcher's transaction; the Message-IDs come from the event.
/// </summary>
public sealed class EmailChangeMail(UserManager<PortalUser> users, IdentityEmailSender mail, PublicLinks links) : IHandle<EmailChangeRequested>
{
    public async Task HandleAsync(EmailChangeRequested e, EventContext context, CancellationToken ct)
    {
        if (await users.FindByIdAsync(e.UserId) is not { Email: { } current } user) return;
        var pending = await users.GetAuthenticationTokenAsync(user, Core.Account.AccountProfile.TokenProvider, Core.Account.AccountProfile.PendingEmailToken);
        if (pending is null) return;
        var code = AccountMail.Encode(await users.GenerateChangeEmailTokenAsync(user, pending));
        var link = links.Page("/Account/ConfirmEmailChange", new { userId = user.Id, email = pending, code });
        await mail.SendAccountMailAsync(user, pending, "Confirm your new email", "Confirm your new email address by opening this link:", link, $"{context.EventId:N}@customerportal");
        await mail.SendAccountMailAsync(user, current, "Your email is being changed",
            "Someone asked to move your account to another email address. If it was not you, change your password now:", links.Path("/security/change-password"), $"{context.EventId:N}.old@customerportal");
    }
}
