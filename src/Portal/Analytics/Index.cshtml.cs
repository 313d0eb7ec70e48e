using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Analytics;
using Portal.Shell;

namespace Portal.Analytics;

/// <summary>
/// The customer's dashboard: totals, favourite categories, engagement, spending by month (12 or 24, switched with
/// htmx or ?months=) and by category, and the purchase history with filters. Every part works without JavaScript:
/// the switch and the filters are plain links and a GET form that htmx upgrades to fragment swaps.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class AnalyticsModel(CustomerAnalytics analytics, CustomerDashboard dashboard) : PageModel
{
    public const int HistoryPageSize = 10;

    /// <summary>How long a rendered dashboard is kept; its key changes at least every minute anyway.</summary>
    public static readonly TimeSpan RenderedFor = CustomerDashboard.FreshFor * 2;

    [BindProperty(SupportsGet = true)]
    public int Months { get; set; } = 12;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps "page" for the route.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public string Currency => analytics.Currency;
    public AnalyticsTotals Totals { get; private set; } = null!;
    public IReadOnlyList<CategorySpend> ByCategory { get; private set; } = [];
    public IReadOnlyList<CategorySpend> Favourites => ByCategory.Take(CustomerAnalytics.FavouriteCount).ToList();
    public EngagementScore Engagement { get; private set; } = null!;
    public IReadOnlyList<MonthSpend> Trend { get; private set; } = [];
    public IReadOnlyList<string> Categories { get; private set; } = [];
    public PurchaseHistoryPage History { get; private set; } = null!;

    /// <summary>Null until the model has been fitted and the customer has bought something.</summary>
    public CustomerValueForecast? Value { get; private set; }

    /// <summary>
    /// Set for the unfiltered first view: the rendered dashboard is kept under this key (the data's version, the view's
    /// months, culture and time zone), so it is rendered again only when the figures change.
    /// </summary>
    public string? RenderedKey { get; private set; }

    /// <summary>True when a date in the filter could not be read, or From is after To.</summary>
    public bool FilterInvalid { get; private set; }

    private string CustomerId => User.UserId();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Normalise();
        var id = CustomerId;
        var data = await dashboard.GetAsync(id, Months, HistoryPageSize, ct);
        (Totals, ByCategory, Engagement, Trend, Value) = (data.Totals, data.ByCategory, data.Engagement, data.Trend, data.Value);
        Categories = ByCategory.Select(c => c.Category).ToList();
        var unfiltered = From is null && To is null && string.IsNullOrWhiteSpace(Category) && PageNumber == 1 && !FilterInvalid;
        History = unfiltered ? data.FirstHistoryPage : await HistoryAsync(ct);
        RenderedKey = unfiltered
            ? string.Join('|', id, data.Version, Months, CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, Formats.Zone.Id)
            : null;
        return Page();
    }

    /// <summary>The monthly chart and its table for 12 or 24 months.</summary>
    public async Task<IActionResult> OnGetTrendAsync(CancellationToken ct)
    {
        if (!Request.WantsFragment()) return await OnGetAsync(ct);
        Normalise();
        Trend = await analytics.MonthlyAsync(CustomerId, Months, ct);
        return Partial("_Trend", this);
    }

    /// <summary>A page of purchase history with the filters applied.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(CancellationToken ct)
    {
        if (!Request.WantsFragment()) return await OnGetAsync(ct);
        Normalise();
        History = await HistoryAsync(ct);
        return Partial("_HistoryResults", this);
    }

    private void Normalise()
    {
        if (!CustomerAnalytics.TrendMonths.Contains(Months)) Months = 12;
        if (PageNumber < 1) PageNumber = 1;
        // A date that could not be read leaves a model error (and a null property); From after To is no range.
        FilterInvalid = Invalid(nameof(From)) || Invalid(nameof(To)) || (From is { } f && To is { } t && f > t);
    }

    private bool Invalid(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid;

    private Task<PurchaseHistoryPage> HistoryAsync(CancellationToken ct)
    {
        var filter = FilterInvalid ? PurchaseFilter.Days(null, null, Category) : PurchaseFilter.Days(From, To, Category);
        return analytics.HistoryPageAsync(CustomerId, filter, PageNumber, HistoryPageSize, ct);
    }

    /// <summary>The query string for this view with some values changed (links keep the other choices).</summary>
    public string Link(string? handler = null, int? months = null, int? page = null, string fragment = "")
    {
        var q = new List<string>();
        if (handler is not null) q.Add("handler=" + handler);
        var m = months ?? Months;
        if (m != 12) q.Add("months=" + m);
        if (From is { } f) q.Add("from=" + f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (To is { } t) q.Add("to=" + t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(Category)) q.Add("category=" + Uri.EscapeDataString(Category));
        var p = page ?? PageNumber;
        if (p > 1) q.Add("p=" + p);
        return "/analytics" + (q.Count > 0 ? "?" + string.Join("&", q) : "") + fragment;
    }
}
