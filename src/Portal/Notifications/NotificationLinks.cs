using Portal.Core.Notifications;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>Links that arrive in messages: the RFC 8058 one-click unsubscribe (signed out) and opening an inbox item.</summary>
public static class NotificationLinks
{
    public static IEndpointRouteBuilder MapNotificationLinks(this IEndpointRouteBuilder endpoints)
    {
        // Mail providers POST "List-Unsubscribe=One-Click" here without cookies or a form token: the signed token is the authority.
        endpoints.MapPost("/notifications/unsubscribe/one-click", async (string? token, UnsubscribeTokens tokens, NotificationPreferences preferences, CancellationToken ct) =>
            {
                if (tokens.Read(token) is not { } target) return Results.BadRequest();
                await preferences.SetAsync(target.CustomerId, target.Topic, NotificationChannel.Email, false, NotificationPreferences.SourceUnsubscribeLink, ct);
                return Results.Ok();
            })
            .DisableAntiforgery()
            .ExcludeFromDescription();
        // A client that only knows the older mailto/https List-Unsubscribe opens the URL: show the page with its button.
        endpoints.MapGet("/notifications/unsubscribe/one-click", (string? token) =>
                Results.Redirect("/notifications/unsubscribe?token=" + Uri.EscapeDataString(token ?? "")))
            .ExcludeFromDescription();

        endpoints.MapGet("/notifications/open/{id:long}", async (long id, HttpContext http, NotificationInbox inbox, CancellationToken ct) =>
            {
                var link = await inbox.OpenAsync(http.User.UserId(), id, ct);
                return Results.LocalRedirect(Portal.Shell.ReturnUrls.LocalPath(link) ?? "/notifications/inbox");
            })
            .RequireAuthorization(Policies.Customer)
            .ExcludeFromDescription();
        return endpoints;
    }
}
