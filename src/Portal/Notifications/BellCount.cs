using System.Security.Claims;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>
/// The header bell's unread count. A full page for a customer reads it with the session check every signed-in request
/// makes first (<see cref="Security.SessionValidation"/>): one statement instead of two on every page.
/// </summary>
public static class BellCount
{
    private const string Key = "portal.bell-unread";

    /// <summary>The count over the session row's user, for <see cref="Portal.Core.Security.SignInSessions"/>.</summary>
    public static readonly string AlongsideSession = NotificationInbox.UnreadCountOf("s.\"UserId\"");

    /// <summary>
    /// Whether this request renders the header with the bell: a page (GET, not an htmx fragment, not the API or a
    /// hub) for a customer. A GET changes no read state (opening a notification redirects), so the count read first
    /// is still the count when the header renders.
    /// </summary>
    public static bool Shown(HttpContext http, ClaimsPrincipal user) =>
        HttpMethods.IsGet(http.Request.Method) && user.IsInRole(Roles.Customer) && !http.Request.WantsFragment()
        && !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/hubs");

    public static void Remember(HttpContext http, long unread) => http.Items[Key] = (int)Math.Min(unread, int.MaxValue);

    /// <summary>The count read with the session check, or read now.</summary>
    public static async Task<int> GetAsync(HttpContext http, NotificationInbox inbox) =>
        http.Items.TryGetValue(Key, out var known) && known is int unread ? unread : await inbox.UnreadCountAsync(http.User.UserId(), http.RequestAborted);
}
