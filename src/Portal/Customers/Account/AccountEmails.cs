using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Customers;

namespace Portal.Customers.Account;

/// <summary>The links Identity mails out, built the one way: tokens Base64Url-encoded, absolute URLs to our pages.</summary>
public static class AccountEmails
{
    public static async Task SendConfirmationLinkAsync(this PageModel page, UserManager<PortalUser> users, IEmailSender<PortalUser> emails, PortalUser user)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = page.AbsolutePage("/Account/ConfirmEmail", new { userId = user.Id, code });
        await emails.SendConfirmationLinkAsync(user, user.Email!, link);
    }

    public static async Task SendPasswordResetLinkAsync(this PageModel page, UserManager<PortalUser> users, IEmailSender<PortalUser> emails, PortalUser user)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = page.AbsolutePage("/Account/ResetPassword", new { code, email = user.Email });
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

    /// <summary>
    /// Links in mail point at <c>PublicOrigin</c> when it is configured, so a forged Host header cannot
    /// send someone's reset link elsewhere; otherwise at the host the request came to (AllowedHosts guards it).
    /// </summary>
    private static string AbsolutePage(this PageModel page, string pageName, object values)
    {
        var origin = page.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["PublicOrigin"];
        if (Uri.TryCreate(origin, UriKind.Absolute, out var o))
            return page.Url.Page(pageName, pageHandler: null, values: values, protocol: o.Scheme, host: o.Authority)!;
        return page.Url.Page(pageName, pageHandler: null, values: values, protocol: page.Request.Scheme)!;
    }

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
}
