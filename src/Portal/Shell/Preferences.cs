using Microsoft.AspNetCore.Http;

namespace Portal.Shell;

public static class Preferences
{
    public static CookieOptions CookieOptions() => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        IsEssential = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = false,
    };
}
