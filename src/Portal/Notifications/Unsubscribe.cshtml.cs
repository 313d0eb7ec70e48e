using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Notifications;

namespace Portal.Notifications;

/// <summary>The visible unsubscribe link of marketing email: works signed out through its signed token; one button.</summary>
[AllowAnonymous]
public class UnsubscribeModel(UnsubscribeTokens tokens, NotificationPreferences preferences) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public bool Valid { get; private set; }
    public bool Done { get; private set; }
    public NotificationTopic Topic { get; private set; }

    public void OnGet()
    {
        if (tokens.Read(Token) is { } target) (Valid, Topic) = (true, target.Topic);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (tokens.Read(Token) is not { } target) return Page();
        await preferences.SetAsync(target.CustomerId, target.Topic, NotificationChannel.Email, false, NotificationPreferences.SourceUnsubscribeLink, ct);
        (Valid, Done, Topic) = (true, true, target.Topic);
        return Page();
    }
}
