using Microsoft.AspNetCore.Http;

namespace Portal.Shell;

public static class Preferences
{
    public static CookieOptions CookieOptions() => new()
    {
        MaxAge = TimeSpan.FromDays(365),
        IsEssential = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = false,
    };
}
