using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Digests;
using Portal.Core.Notifications.Sms;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>
/// /notifications: what the customer hears about on which channel (each toggle saves in place), how often, quiet
/// hours, and the history of every delivery.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class NotificationsModel(NotificationPreferences preferences, NotificationInbox inbox, CustomerTimeZones zones,
    IEnumerable<INotificationChannel> channels, IStringLocalizer<SharedResource> s,
    NotificationDigestOptions digestOptions, TimeProvider clock, PhoneVerificationService verification,
    NotificationPageStamp stamp, KeptMarkup kept) : PageModel
{
    public const int PageSize = 10;

    /// <summary>The history's filters, from the query string so a filtered page works without script and can be linked.</summary>
    public HistoryFilter Filter { get; private set; } = new(null, null, null);

    public NotificationSettings Settings { get; private set; } = null!;
    public IReadOnlyList<NotificationChannel> Channels { get; } =
        NotificationTopics.Channels.Where(c => channels.Any(x => x.Channel == c)).ToList();
    public Paged<HistoryItem> History { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyDictionary<long, IReadOnlyList<AttemptItem>> Attempts { get; private set; } = new Dictionary<long, IReadOnlyList<AttemptItem>>();
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>The phone section, read once for the SMS column's hint and the section itself.</summary>
    public Portal.Notifications.Phone.PhoneSection Phone { get; private set; } = null!;

    [BindProperty] public QuietHoursInput Quiet { get; set; } = new();

    /// <summary>The page's key while it may be kept: the customer, their data's stamp, the filters, languages and zone.</summary>
    public string? KeptKey { get; private set; }

    /// <summary>The page kept for <see cref="KeptKey"/>; when set, nothing else was read.</summary>
    public KeptHtml? Kept { get; private set; }

    /// <summary>When the clock alone changes the page: a phone code or lock runs out, a waiting digest goes out.</summary>
    public DateTime FreshUntil { get; private set; } = DateTime.MaxValue;

    /// <summary>Set after a save, for the form's visible confirmation.</summary>
    public string? Saved { get; private set; }

    public sealed class QuietHoursInput
    {
        public bool Enabled { get; set; }
        [Display(Name = "From")] public TimeOnly? Start { get; set; }
        [Display(Name = "Until")] public TimeOnly? End { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? p, NotificationTopic? topic, NotificationChannel? channel, DeliveryStatus? status, CancellationToken ct)
    {
        // A hand-edited filter that does not exist shows everything rather than failing.
        ModelState.Clear();
        Filter = HistoryFilter.Of(topic, channel, status);
        // A plain visit shows the page kept for its stamp; a refused post and the phone section's one-time answer do not.
        if (HttpMethods.IsGet(Request.Method) && !TempData.ContainsKey(Portal.Notifications.Phone.PhoneSection.MessageKey)
            && !TempData.ContainsKey(Portal.Notifications.Phone.PhoneSection.EnteredKey))
        {
            var id = User.UserId();
            KeptKey = string.Join('|', id, await stamp.ForAsync(id, ct), Filter.Query(p ?? 1), CultureInfo.CurrentCulture.Name,
                CultureInfo.CurrentUICulture.Name, Formats.Zone.Id);
            if ((Kept = kept.Find(KeptKey)) is not null) return Page();
        }
        await LoadAsync(p ?? 1, ct);
        FreshUntil = new[] { Phone.Status.CodeExpiresAtUtc, Phone.Status.LockedUntilUtc }
            .Concat(History.Items.Where(i => i.Status == DeliveryStatus.WaitingForDigest).Select(i => DigestAt(i.Topic)))
            .OfType<DateTime>().DefaultIfEmpty(DateTime.MaxValue).Min();
        Quiet = new QuietHoursInput
        {
            Enabled = Settings.QuietHours is not null,
            Start = Settings.QuietHours?.Start ?? QuietHours.Suggested.Start,
            End = Settings.QuietHours?.End ?? QuietHours.Suggested.End,
        };
        return Page();
    }

    /// <summary>One topic on one channel; htmx gets the cell's saved state, a plain form post the page again.</summary>
    public async Task<IActionResult> OnPostToggleAsync(string? topic, string? channel, bool enabled, CancellationToken ct)
    {
        if (ByName<NotificationTopic>(topic) is not { } t || ByName<NotificationChannel>(channel) is not { } c)
            return await RefuseAsync(s["That is not one of the choices, so nothing was changed."], ct);
        // The matrix's checkbox is named after its cell (CellName): htmx sends it when ticked, nothing when not.
        enabled = enabled || Request.HasFormContentType && Request.Form[CellName(t, c)].ToString() == "true";
        var error = await preferences.SetAsync(User.UserId(), t, c, enabled, NotificationPreferences.SourceSettings, ct);
        var message = error is null ? s["Saved"].Value : s["Security messages are always sent and cannot be turned off."].Value;
        if (Request.WantsFragment()) return Content(message);
        TempData["StatusMessage"] = message;
        return RedirectToPage();
    }

    /// <summary>How often a topic's email comes. Names only: a value that is not a choice changes nothing.</summary>
    public async Task<IActionResult> OnPostFrequencyAsync(string? topic, string? frequency, CancellationToken ct)
    {
        if (frequency is null && ByName<NotificationTopic>(topic) is { } named && Request.HasFormContentType)
            frequency = Request.Form[FrequencyName(named)];
        if (ByName<NotificationTopic>(topic) is not { } t || ByName<NotificationFrequency>(frequency) is not { } f)
            return await RefuseAsync(s["That is not one of the choices, so nothing was changed."], ct);
        if (NotificationTopics.IsCritical(t) && f != NotificationFrequency.Instant)
            return await RefuseAsync(s["Security messages are always sent at once; they never wait for a digest."], ct);
        await preferences.SetFrequencyAsync(User.UserId(), t, f, ct);
        if (Request.WantsFragment()) return Content(s["Saved"].Value);
        TempData["StatusMessage"] = s["Saved"].Value;
        return RedirectToPage();
    }

    /// <summary>A cell's checkbox name in the matrix form ("Offers.Email").</summary>
    public static string CellName(NotificationTopic topic, NotificationChannel channel) => $"{topic}.{channel}";

    /// <summary>A topic's frequency select name in the matrix form ("frequency.Offers").</summary>
    public static string FrequencyName(NotificationTopic topic) => $"frequency.{topic}";

    /// <summary>
    /// The whole matrix as one form (without script; with it, each control saves itself): every cell and frequency as
    /// submitted, checked first and then saved together, so a bad value changes nothing.
    /// </summary>
    public async Task<IActionResult> OnPostMatrixAsync(CancellationToken ct)
    {
        var id = User.UserId();
        var current = await preferences.ForAsync(id, ct);
        var form = Request.HasFormContentType ? Request.Form : null;
        var frequencies = new List<(NotificationTopic, NotificationFrequency)>();
        var choices = new List<(NotificationTopic, NotificationChannel, bool)>();
        foreach (var topic in current.Topics.Where(t => !t.IsCritical))
        {
            if (form?[FrequencyName(topic.Topic)] is { Count: > 0 } sent)
            {
                if (ByName<NotificationFrequency>(sent.ToString()) is not { } f)
                    return await RefuseAsync(s["That is not one of the choices, so nothing was changed."], ct);
                if (f != topic.Frequency) frequencies.Add((topic.Topic, f));
            }
            foreach (var channel in Channels)
            {
                var enabled = form is not null && form[CellName(topic.Topic, channel)].ToString() == "true";
                if (enabled != topic[channel].Enabled) choices.Add((topic.Topic, channel, enabled));
            }
        }
        await preferences.SetAllAsync(id, choices, frequencies, NotificationPreferences.SourceSettings, ct);
        TempData["StatusMessage"] = s["Saved"].Value;
        return RedirectToPage();
    }

    /// <summary>Set when a change was refused (a plain form post shows the page again with it).</summary>
    public string? Refused { get; private set; }

    /// <summary>htmx gets the refusal in the form's status line; a plain post gets the page with it, as a 400.</summary>
    private async Task<IActionResult> RefuseAsync(string message, CancellationToken ct)
    {
        if (Request.WantsFragment())
            return Content($"<span class=\"text-danger\" data-role=\"refused\">{System.Net.WebUtility.HtmlEncode(message)}</span>", "text/html; charset=utf-8");
        await OnGetAsync(null, null, null, null, ct);
        Refused = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static T? ByName<T>(string? value) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<T>(name) : null;

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

    /// <summary>A page of the history with the filters; htmx swaps the list in place and the address shows the filters.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(int? p, NotificationTopic? topic, NotificationChannel? channel, DeliveryStatus? status, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return await OnGetAsync(p, topic, channel, status, ct);
        ModelState.Clear();
        Filter = HistoryFilter.Of(topic, channel, status);
        await LoadAsync(p ?? 1, ct);
        Response.Headers["HX-Push-Url"] = HistoryLink(History.Page);
        return Partial("_History", this);
    }

    /// <summary>Everything the matrix table is made from: each topic's frequency and each cell's state, the channels, and whether SMS waits for a phone.</summary>
    public string MatrixKey => string.Join(';', Settings.Topics.Select(t => $"{t.Topic}:{t.Frequency}:"
            + string.Concat(Channels.Select(c => t[c] switch { { Locked: true } => 'L', { Enabled: true } => '1', _ => '0' }))))
        + "|" + string.Join(',', Channels) + "|" + Phone.Status.IsVerified;

    public IReadOnlyList<AttemptItem> AttemptsOf(long deliveryId) => Attempts.TryGetValue(deliveryId, out var list) ? list : [];

    /// <summary>The full page's address for a page of the history with the current filters.</summary>
    public string HistoryLink(int page) => "/notifications" + Filter.Query(page);

    /// <summary>The htmx fragment's address for a page of the history with the current filters.</summary>
    public string HistoryFragment(int page) => "/notifications" + Filter.Query(page, "History");

    /// <summary>When an email waiting for the topic's digest goes out at the earliest, in UTC.</summary>
    public DateTime? DigestAt(NotificationTopic topic) =>
        DigestSchedule.NextSlotUtc(Settings[topic].Frequency, clock.GetUtcNow().UtcDateTime, Zone, Settings.QuietHours, digestOptions);

    private async Task LoadAsync(int page, CancellationToken ct)
    {
        var id = User.UserId();
        Settings = await preferences.ForAsync(id, ct);
        History = await inbox.HistoryAsync(id, page, PageSize, Filter.Topic, Filter.Channel, Filter.Status, ct);
        Attempts = await inbox.AttemptsAsync(id, History.Items.Select(i => i.DeliveryId).ToList(), ct);
        // Its read carries the stored time zone too, so the page's zone needs no read of its own.
        Phone = await Portal.Notifications.Phone.PhoneSection.LoadAsync(id, verification, zones, ct);
        Zone = Phone.Zone;
    }

    // The stored zone, not the cookie's claim: the digest and quiet-hours jobs use the stored one.
    private async Task LoadZoneAsync() => Zone = zones.For(await preferences.TimeZoneIdAsync(User.UserId(), HttpContext.RequestAborted));
}

/// <summary>What the history shows: one topic, channel or status, or everything.</summary>
public sealed record HistoryFilter(NotificationTopic? Topic, NotificationChannel? Channel, DeliveryStatus? Status)
{
    public static HistoryFilter Of(NotificationTopic? topic, NotificationChannel? channel, DeliveryStatus? status) =>
        new(topic is { } t && Enum.IsDefined(t) ? t : null, channel is { } c && Enum.IsDefined(c) ? c : null, status is { } s && Enum.IsDefined(s) ? s : null);

    public bool IsEmpty => Topic is null && Channel is null && Status is null;

    /// <summary>"?p=2&amp;topic=Offers…": only what is set.</summary>
    public string Query(int page, string? handler = null)
    {
        var parts = new List<string>();
        if (handler is not null) parts.Add("handler=" + handler);
        if (page > 1) parts.Add("p=" + page);
        if (Topic is { } t) parts.Add("topic=" + t);
        if (Channel is { } c) parts.Add("channel=" + c);
        if (Status is { } s) parts.Add("status=" + s);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
