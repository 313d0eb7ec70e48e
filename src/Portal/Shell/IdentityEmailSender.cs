using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Email;

namespace Portal.Shell;

/// <summary>Identity's account emails, written in the recipient's language, sent through the one sender.</summary>
public sealed class IdentityEmailSender(IEmailSender sender, IStringLocalizerFactory factory) : IEmailSender<PortalUser>
{
    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink) =>
        SendConfirmationLinkAsync(user, email, confirmationLink, null);

    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink, string? messageId) =>
        Send(user, email, "Confirm your email", "Confirm your email by opening this link:", confirmationLink, messageId: messageId);

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink) =>
        SendPasswordResetLinkAsync(user, email, resetLink, null);

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink, string? messageId) =>
        Send(user, email, "Reset your password", "Reset your password by opening this link:", resetLink, messageId: messageId);

    public Task SendPasswordResetCodeAsync(PortalUser user, string email, string resetCode) =>
        Send(user, email, "Reset your password", "Your password reset code:", null, resetCode);

    /// <summary>Another account mail: a subject and a sentence (resource keys) and, when given, a link.</summary>
    public Task SendAccountMailAsync(PortalUser user, string email, string subjectKey, string introKey, string link, string? messageId) =>
        Send(user, email, subjectKey, introKey, link, messageId: messageId);

    private Task Send(PortalUser user, string email, string subjectKey, string introKey, string? link, string? code = null, string? messageId = null) =>
        sender.SendAsync(Compose(user, email, subjectKey, introKey, link, code, messageId));

    /// <summary>An account email in the recipient's language: a line of text and the link (or code) it is about.</summary>
    public EmailMessage Compose(PortalUser user, string email, string subjectKey, string introKey, string? link, string? code = null, string? messageId = null)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = Cultures.For(user.PreferredLanguage);
        try
        {
            var s = factory.Create(typeof(SharedResource));
            var subject = s[subjectKey].Value;
            var intro = s[introKey].Value;
            var payload = link ?? code ?? "";
            var dir = Cultures.Dir;
            var html = link is null
                ? $"<div dir=\"{dir}\"><p>{WebUtility.HtmlEncode(intro)}</p><p><strong>{WebUtility.HtmlEncode(payload)}</strong></p></div>"
                : $"<div dir=\"{dir}\"><p>{WebUtility.HtmlEncode(intro)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p></div>";
            return new EmailMessage(email, subject, html, $"{intro}\n\n{payload}\n", messageId);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
