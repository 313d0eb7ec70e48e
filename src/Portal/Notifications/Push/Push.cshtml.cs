using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Push;
using Portal.Shell;

namespace Portal.Notifications.Push;

/// <summary>
/// The browser side of /notifications' push section: push.js posts this browser's subscription here (with the
/// antiforgery token, as htmx does), and the list's Remove buttons post here. Each answers with the section.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class PushModel(PushSubscriptions subscriptions, VapidKeys keys, NotificationPreferences preferences, IStringLocalizer<SharedResource> s) : PageModel
{
    public IActionResult OnGet() => Redirect("/notifications#push-title");

    public async Task<IActionResult> OnPostSubscribeAsync(string? endpoint, string? p256dh, string? auth, CancellationToken ct)
    {
        var id = User.UserId();
        var (_, error, first) = await subscriptions.SubscribeAsync(id, endpoint, p256dh, auth, Request.Headers.UserAgent.ToString(), ct);
        if (error is not null) return await SectionAsync(s["This browser could not be set up for notifications. Try again later."], isError: true, ct: ct);
        var turnedOn = first ? await PushTopics.TurnOnForFirstBrowserAsync(preferences, id, NotificationPreferences.SourceSettings, ct) : [];
        return await SectionAsync(s["Notifications are on for this browser."], turnedOn: turnedOn, ct: ct);
    }

    /// <summary>This browser turned push off (push.js unsubscribed it first).</summary>
    public async Task<IActionResult> OnPostUnsubscribeAsync(string? endpoint, CancellationToken ct)
    {
        await subscriptions.RemoveAsync(User.UserId(), endpoint, ct);
        return await SectionAsync(s["Notifications are off for this browser."], ct: ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken ct)
    {
        var removed = await subscriptions.RemoveAsync(User.UserId(), id, ct);
        var message = removed ? s["That browser no longer gets notifications."] : s["That browser was already removed."];
        return await SectionAsync(message, ct: ct);
    }

    private async Task<IActionResult> SectionAsync(string message, bool isError = false, IReadOnlyList<NotificationTopic>? turnedOn = null,
        CancellationToken ct = default)
    {
        if (!Request.WantsFragment())
        {
            TempData["StatusMessage"] = message;
            return Redirect("/notifications#push-title");
        }
        var model = await PushSectionModel.LoadAsync(User.UserId(), subscriptions, keys, message, isError, turnedOn, ct);
        return Partial(PushSectionModel.View, model);
    }
}
