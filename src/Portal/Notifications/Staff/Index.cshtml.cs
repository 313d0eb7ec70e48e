using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Sending;
using Portal.Core.Segments;
using Portal.Shell;

namespace Portal.Notifications.Staff;

/// <summary>What the preview shows: the message in both languages and who receives it on which channel.</summary>
public sealed record SendPreview(SendPlan Plan, string TitleEn, string BodyEn, string TitleAr, string BodyAr, string? Link);

/// <summary>
/// /staff/notifications: write a message to one customer or a segment in English and Arabic, preview it with the
/// counts per channel, confirm and send (the audience is notified in batches by a job); delivery statistics and the
/// recent sends below.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public class StaffNotificationsModel(NotificationSends sends, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public SendPreview? Preview { get; private set; }

    /// <summary>Set after a send from this page: the send that was queued.</summary>
    public NotificationSend? Sent { get; private set; }

    public string? PreviewWarning { get; private set; }
    public int Days { get; private set; } = 30;
    public IReadOnlyList<DeliveryStat> Stats { get; private set; } = [];
    public IReadOnlyList<NotificationSend> Recent { get; private set; } = [];

    public sealed class InputModel
    {
        public SendAudienceKind Audience { get; set; } = SendAudienceKind.Customer;
        [StringLength(20)]
        public string? CustomerId { get; set; }
        public Segment? Segment { get; set; }
        public NotificationTopic Topic { get; set; } = NotificationTopic.Offers;
        public List<NotificationChannel> Channels { get; set; } = [];

        [Required(ErrorMessage = "Enter the title in English."), StringLength(SendRules.MaxTitleLength, ErrorMessage = "The title can be at most {1} characters.")]
        public string? TitleEn { get; set; }
        [Required(ErrorMessage = "Enter the message in English."), StringLength(SendRules.MaxBodyLength, ErrorMessage = "The message can be at most {1} characters.")]
        public string? BodyEn { get; set; }
        [Required(ErrorMessage = "Enter the title in Arabic."), StringLength(SendRules.MaxTitleLength, ErrorMessage = "The title can be at most {1} characters.")]
        public string? TitleAr { get; set; }
        [Required(ErrorMessage = "Enter the message in Arabic."), StringLength(SendRules.MaxBodyLength, ErrorMessage = "The message can be at most {1} characters.")]
        public string? BodyAr { get; set; }
        [StringLength(SendRules.MaxLinkLength)]
        public string? Link { get; set; }

        /// <summary>Given by the preview: the confirmation sends exactly what was previewed, once.</summary>
        public string? PreviewKey { get; set; }
        public string? PreviewHash { get; set; }
    }

    private static InputModel Fresh() => new() { Channels = [NotificationChannel.Email, NotificationChannel.InApp] };

    public async Task OnGetAsync(int days = 30, CancellationToken ct = default)
    {
        Input = Fresh();
        await LoadAsync(days, ct);
    }

    /// <summary>htmx: the statistics for another period.</summary>
    public async Task<IActionResult> OnGetStatsAsync(int days = 30, CancellationToken ct = default)
    {
        Input = Fresh();
        await LoadAsync(days, ct);
        return Request.WantsFragment() ? Partial("_Stats", this) : Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (await CheckAsync(ct) is { } customerId) await PreviewAsync(customerId, ct);
        return await ComposeAsync(ct);
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        if (await CheckAsync(ct) is not { } customerId) return await ComposeAsync(ct);
        if (string.IsNullOrEmpty(Input.PreviewKey) || Input.PreviewHash != Hash(Input))
        {
            PreviewWarning = s["The message changed after the preview. Check the preview again, then send."];
            await PreviewAsync(customerId, ct);
            return await ComposeAsync(ct);
        }
        var outcome = await sends.CreateAsync(Draft(Input), new SendActor(User.UserId(), User.DisplayName(), "page"), "page:" + Input.PreviewKey, ct);
        if (outcome.Send is not { } send)
        {
            foreach (var e in outcome.Errors) ModelState.AddModelError(ErrorField(e), ErrorText(s, e));
            return await ComposeAsync(ct);
        }
        if (!Request.WantsFragment())
        {
            StatusMessage = SentText(send);
            return RedirectToPage();
        }
        Sent = send;
        ModelState.Clear();
        Input = Fresh();
        Recent = await sends.RecentAsync(10, ct);
        return Partial("_Compose", this);
    }

    public string SentText(NotificationSend send) =>
        s["Sending to {0}: send #{1}. Each customer gets it once, in their language.", s.Plural("{0} customers", send.PlannedRecipients), send.Id];

    private async Task<IActionResult> ComposeAsync(CancellationToken ct)
    {
        if (Request.WantsFragment()) return Partial("_Compose", this);
        await LoadAsync(30, ct);
        return Page();
    }

    private async Task LoadAsync(int days, CancellationToken ct)
    {
        Days = NotificationSends.Periods.Contains(days) ? days : 30;
        Stats = await sends.StatsAsync(Days, ct);
        Recent = await sends.RecentAsync(10, ct);
    }

    /// <summary>Validates the form; the account id ("" for a segment) when it can be sent.</summary>
    private async Task<string?> CheckAsync(CancellationToken ct)
    {
        var (errors, customerId) = await sends.CheckAsync(Draft(Input), ct);
        foreach (var e in errors)
        {
            var field = ErrorField(e);
            if (!ModelState.TryGetValue(field, out var entry) || entry.Errors.Count == 0) ModelState.AddModelError(field, ErrorText(s, e));
        }
        return ModelState.IsValid ? customerId ?? "" : null;
    }

    private async Task PreviewAsync(string customerId, CancellationToken ct)
    {
        var draft = Draft(Input);
        var plan = await sends.PlanAsync(draft.AudienceKind, customerId == "" ? null : customerId, draft.Segment, draft.Topic, draft.Channels, ct);
        Preview = new SendPreview(plan, Input.TitleEn!.Trim(), Input.BodyEn!.Trim(), Input.TitleAr!.Trim(), Input.BodyAr!.Trim(),
            string.IsNullOrWhiteSpace(Input.Link) ? null : Input.Link.Trim());
        ModelState.Remove("Input.PreviewKey");
        ModelState.Remove("Input.PreviewHash");
        Input.PreviewKey = Guid.NewGuid().ToString("N");
        Input.PreviewHash = Hash(Input);
    }

    private static SendDraft Draft(InputModel i) => new(i.Audience, i.CustomerId, i.Segment, i.Topic, i.Channels.ToHashSet(),
        i.TitleEn, i.BodyEn, i.TitleAr, i.BodyAr, i.Link);

    /// <summary>What the confirmation must match: everything that decides who gets what.</summary>
    private static string Hash(InputModel i)
    {
        var text = string.Join('\u001f', i.Audience, i.Audience == SendAudienceKind.Customer ? i.CustomerId?.Trim() : i.Segment?.ToString(), i.Topic,
            string.Join(',', i.Channels.Distinct().Order()), i.TitleEn?.Trim(), i.BodyEn?.Trim(), i.TitleAr?.Trim(), i.BodyAr?.Trim(), i.Link?.Trim());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    public static string ErrorField(SendError e) => e switch
    {
        SendError.CustomerIdRequired or SendError.InvalidCustomerId or SendError.UnknownCustomer => "Input.CustomerId",
        SendError.SegmentRequired => "Input.Segment",
        SendError.NoChannel => "Input.Channels",
        SendError.TitleEnRequired => "Input.TitleEn",
        SendError.BodyEnRequired => "Input.BodyEn",
        SendError.TitleArRequired => "Input.TitleAr",
        SendError.BodyArRequired => "Input.BodyAr",
        SendError.TitleTooLong => "Input.TitleEn",
        SendError.BodyTooLong => "Input.BodyEn",
        _ => "Input.Link",
    };

    public static string ErrorText(IStringLocalizer s, SendError e) => e switch
    {
        SendError.CustomerIdRequired => s["Enter the Customer ID."],
        SendError.InvalidCustomerId => s["That is not a valid Customer ID: ten digits, the last a check digit."],
        SendError.UnknownCustomer => s["No customer has that Customer ID."],
        SendError.SegmentRequired => s["Choose a segment."],
        SendError.NoChannel => s["Tick at least one channel."],
        SendError.TitleEnRequired => s["Enter the title in English."],
        SendError.BodyEnRequired => s["Enter the message in English."],
        SendError.TitleArRequired => s["Enter the title in Arabic."],
        SendError.BodyArRequired => s["Enter the message in Arabic."],
        SendError.TitleTooLong => s["Titles can be at most {0} characters.", SendRules.MaxTitleLength],
        SendError.BodyTooLong => s["Messages can be at most {0} characters.", SendRules.MaxBodyLength],
        _ => s["The link must be a path in the portal, starting with /, e.g. /offers."],
    };
}
