using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Portal.Shell;

namespace Portal.Faq;

/// <summary>
/// Who is answering "Was this helpful?": the signed-in user, or else this browser (a random id in a cookie),
/// so each counts once per article.
/// </summary>
public static class FaqVoter
{
    public const string CookieName = ".Portal.FaqVoter";

    public static string Key(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true) return "user:" + context.User.UserId();
        if (context.Request.Cookies[CookieName] is { Length: 32 } existing && existing.All(char.IsAsciiHexDigit))
            return "browser:" + existing;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
        return "browser:" + id;
    }
}
