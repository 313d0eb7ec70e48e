using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Shell;

// Not Portal.Administration.System: a namespace named System would shadow the framework's in every Administration view.
namespace Portal.Administration.SystemStatus;

/// <summary>The periodic jobs and the outbox: how they are doing, and sending a dead letter again.</summary>
public class SystemIndexModel(JobAdmin jobs, OutboxAdmin outbox, TimeProvider clock, IStringLocalizer<SharedResource> s) : PageModel
{
    public const int DeadLettersShown = 50;

    public IReadOnlyList<JobStatus> Jobs { get; private set; } = [];
    public int Backlog { get; private set; }
    public TimeSpan? OldestPendingAge { get; private set; }
    public int DeadLetterCount { get; private set; }
    public IReadOnlyList<DeadLetter> DeadLetters { get; private set; } = [];
    public DateTime NowUtc { get; private set; }

    /// <summary>The result of a retry answered in place (htmx); a full-page post shows it through TempData instead.</summary>
    public string? OutboxNotice { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var notice = await outbox.RetryAsync(id, ct)
            ? s["The message is waiting for delivery again."]
            : s["This message is no longer a dead letter."];
        if (!Request.WantsFragment())
        {
            TempData["StatusMessage"] = notice.Value;
            return RedirectToPage();
        }
        OutboxNotice = notice;
        await LoadAsync(ct);
        return Partial("_Outbox", this);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        NowUtc = clock.GetUtcNow().UtcDateTime;
        Jobs = await jobs.ListAsync(ct);
        Backlog = await outbox.BacklogCountAsync(ct);
        OldestPendingAge = await outbox.OldestPendingAgeAsync(ct);
        DeadLetterCount = await outbox.DeadLetterCountAsync(ct);
        DeadLetters = await outbox.DeadLettersAsync(1, DeadLettersShown, ct);
    }

    /// <summary>"5 seconds", "10 minutes", "24 hours": the largest whole unit.</summary>
    public string Duration(TimeSpan span)
    {
        if (span >= TimeSpan.FromDays(1) && span.Ticks % TimeSpan.TicksPerDay == 0) return s.Plural("{0} days", (long)span.TotalDays);
        if (span >= TimeSpan.FromHours(1) && span.Ticks % TimeSpan.TicksPerHour == 0) return s.Plural("{0} hours", (long)span.TotalHours);
        if (span >= TimeSpan.FromMinutes(1)) return s.Plural("{0} minutes", (long)span.TotalMinutes);
        return s.Plural("{0} seconds", (long)Math.Max(0, span.TotalSeconds));
    }

    public string Time(DateTime utc) => Formats.Moment(utc);
}
