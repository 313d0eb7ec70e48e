using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Core.Segments;
using Portal.Shell;

namespace Portal.Segments.Staff;

public sealed record RecomputeProgress(SegmentRun? Run, bool Refused = false);

/// <summary>Staff's view of the segments: sizes and revenue, movement since the previous run, averages, CSV export, Recompute now.</summary>
[Authorize(Policy = Policies.Staff)]
public class SegmentsStaffModel(SegmentQueries queries, SegmentRecomputeLauncher launcher, LoyaltyOptions loyalty, IStringLocalizer<SharedResource> s) : PageModel
{
    public SegmentOverview Overview { get; private set; } = null!;
    public string Currency => loyalty.Currency;
    public SegmentOptions Options => queries.Options;
    public RecomputeProgress Progress { get; private set; } = new(null);

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Overview = await queries.OverviewAsync(ct);
        Progress = new RecomputeProgress(Overview.RunningRun);
    }

    /// <summary>Starts a run in the background; htmx gets the progress partial, a plain form post the page again.</summary>
    public async Task<IActionResult> OnPostRecomputeAsync(CancellationToken ct)
    {
        var start = await launcher.StartAsync(User.UserId(), ct);
        var run = await queries.RunAsync(start.RunId, ct);
        if (Request.WantsFragment()) return Partial("_Progress", new RecomputeProgress(run, start.AlreadyRunning));
        StatusMessage = start.AlreadyRunning
            ? s["A recompute is already running. Its progress is shown below."]
            : s["Recompute started. Its progress is shown below; reload the page to follow it."];
        return RedirectToPage();
    }

    /// <summary>The progress partial, polled every second by htmx while the run is running.</summary>
    public async Task<IActionResult> OnGetProgressAsync(long run, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return RedirectToPage();
        return Partial("_Progress", new RecomputeProgress(await queries.RunAsync(run, ct)));
    }

    /// <summary>One segment's customers as CSV, streamed.</summary>
    public async Task<IActionResult> OnGetExportAsync(Segment segment, CancellationToken ct)
    {
        if (!Enum.IsDefined(segment)) return NotFound();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"segment-{segment.ToString().ToLowerInvariant()}.csv\"";
        // A BOM so spreadsheet programs read the Arabic names as UTF-8.
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024);
        await queries.WriteCsvAsync(segment, writer, Currency, ct);
        await writer.FlushAsync(ct);
        return new EmptyResult();
    }
}
