using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Shell;

/// <summary>
/// A signed-in request reads the database several times (its session, the bell, the page's own queries), and EF Core
/// opens and closes the connection around each query; every open takes a pooled connection under a lock and registers
/// the provider's functions again. Such requests get one open for the whole request instead. Anonymous requests
/// (static files, health checks) and hub connections (which live for minutes) are left alone.
/// </summary>
public static class RequestConnection
{
    public static IApplicationBuilder UseOneConnectionPerSignedInRequest(this IApplicationBuilder app)
    {
        var cookie = app.ApplicationServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        return app.Use(async (http, next) =>
        {
            if (!SignedIn(http.Request, cookie) || http.Request.Path.StartsWithSegments("/hubs"))
            {
                await next(http);
                return;
            }
            var db = http.RequestServices.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync(http.RequestAborted);
            try
            {
                await next(http);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    private static bool SignedIn(HttpRequest request, string? cookie) =>
        (cookie is not null && request.Cookies.ContainsKey(cookie)) || request.Headers.Authorization.Count > 0;
}
