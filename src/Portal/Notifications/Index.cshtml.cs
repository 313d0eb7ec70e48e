using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>
/// /notifications: what the customer hears about on which channel (each toggle saves in place), how often, quiet
/// hours, and the history of every delivery.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class NotificationsModel(NotificationPreferences preferences, NotificationInbox inbox, CustomerTimeZones zones,
    UserManager<PortalUser> users, IEnumerable<INotificationChannel> channels, IStringLocalizer<SharedResource> s) : PageModel
{
    public const int PageSize = 10;

    public NotificationSettings Settings { get; private set; } = null!;
    public IReadOnlyList<NotificationChannel> Channels { get; } =
        NotificationTopics.Channels.Where(c => channels.Any(x => x.Channel == c)).ToList();
    public Paged<HistoryItem> History { get; private set; } = new([], 1, PageSize, 0);
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    [BindProperty] public QuietHoursInput Quiet { get; set; } = new();

    /// <summary>Set after a save, for the form's visible confirmation.</summary>
    public string? Saved { get; private set; }

    public sealed class QuietHoursInput
    {
        public bool Enabled { get; set; }
        [Display(Name = "From")] public TimeOnly? Start { get; set; }
        [Display(Name = "Until")] public TimeOnly? End { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? p, CancellationToken ct)
    {
        await LoadAsync(p ?? 1, ct);
        Quiet = new QuietHoursInput
        {
            Enabled = Settings.QuietHours is not null,
            Start = Settings.QuietHours?.Start ?? QuietHours.Suggested.Start,
            End = Settings.QuietHours?.End ?? QuietHours.Suggested.End,
        };
        return Page();
    }

    /// <summary>One topic on one channel; htmx gets the cell's saved state, a plain form post the page again.</summary>
    public async Task<IActionResult> OnPostToggleAsync(NotificationTopic topic, NotificationChannel channel, bool enabled, CancellationToken ct)
    {
        var error = await preferences.SetAsync(User.UserId(), topic, channel, enabled, NotificationPreferences.SourceSettings, ct);
        var message = error is null ? s["Saved"].Value : s["Security messages are always sent and cannot be turned off."].Value;
        if (Request.WantsFragment()) return Content(message);
        TempData["StatusMessage"] = message;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostFrequencyAsync(NotificationTopic topic, NotificationFrequency frequency, CancellationToken ct)
    {
        if (!Enum.IsDefined(frequency)) return BadRequest();
        await preferences.SetFrequencyAsync(User.UserId(), topic, frequency, ct);
        if (Request.WantsFragment()) return Content(s["Saved"].Value);
        TempData["StatusMessage"] = s["Saved"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostQuietHoursAsync(CancellationToken ct)
    {
        if (Quiet.Enabled && (Quiet.Start is null || Quiet.End is null || Quiet.Start == Quiet.End))
            ModelState.AddModelError("Quiet.End", s["Give quiet hours a start and an end that differ."]);
        if (ModelState.IsValid)
        {
            await preferences.SetQuietHoursAsync(User.UserId(), Quiet.Enabled ? new QuietHours(Quiet.Start!.Value, Quiet.End!.Value) : null, ct);
            Saved = Quiet.Enabled
                ? s["Quiet hours saved: {0} to {1}.", NotificationText.Time(Quiet.Start!.Value), NotificationText.Time(Quiet.End!.Value)]
                : s["Quiet hours are off."];
            if (!Request.WantsFragment())
            {
                TempData["StatusMessage"] = Saved;
                return RedirectToPage();
            }
        }
        await LoadZoneAsync();
        if (Request.WantsFragment()) return Partial("_QuietHours", this);
        await LoadAsync(1, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetHistoryAsync(int p, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return await OnGetAsync(p, ct);
        await LoadZoneAsync();
        History = await inbox.HistoryAsync(User.UserId(), p, PageSize, ct: ct);
        return Partial("_History", this);
    }

    private async Task LoadAsync(int page, CancellationToken ct)
    {
        var id = User.UserId();
        Settings = await preferences.ForAsync(id, ct);
        History = await inbox.HistoryAsync(id, page, PageSize, ct: ct);
        await LoadZoneAsync();
    }

    private async Task LoadZoneAsync()
    {
        var user = await users.GetUserAsync(User);
        Zone = user is null ? zones.Business : zones.For(user);
    }
}
