using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Customers;

namespace Portal.Pages.Account;

/// <summary>The links Identity mails out, built the one way: tokens Base64Url-encoded, absolute URLs to our pages.</summary>
public static class AccountEmails
{
    public static async Task SendConfirmationLinkAsync(this PageModel page, UserManager<PortalUser> users, IEmailSender<PortalUser> emails, PortalUser user)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = page.Url.Page("/Account/ConfirmEmail", pageHandler: null, values: new { userId = user.Id, code }, protocol: page.Request.Scheme)!;
        await emails.SendConfirmationLinkAsync(user, user.Email!, link);
    }

    public static async Task SendPasswordResetLinkAsync(this PageModel page, UserManager<PortalUser> users, IEmailSender<PortalUser> emails, PortalUser user)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = page.Url.Page("/Account/ResetPassword", pageHandler: null, values: new { code, email = user.Email }, protocol: page.Request.Scheme)!;
        await emails.SendPasswordResetLinkAsync(user, user.Email!, link);
    }

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

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
}
