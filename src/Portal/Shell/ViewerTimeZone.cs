using System.Security.Claims;
using Portal.Core.Customers;

namespace Portal.Shell;

/// <summary>
/// Shows every time in the reader's zone: the one they chose (a claim in the sign-in cookie, refreshed when they
/// change it), else the business's. Staff and agents read local times, not UTC.
/// </summary>
public static class ViewerTimeZone
{
    public const string Claim = "tz";

    public static IApplicationBuilder UseViewerTimeZone(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var zones = context.RequestServices.GetRequiredService<CustomerTimeZones>();
            Formats.Zone = zones.For(context.User.FindFirstValue(Claim));
            return next(context);
        });
}
