using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Analytics;
using Portal.Core.Loyalty;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Analytics;

/// <summary>The signed-in customer's spending figures for the mobile app: summary, monthly trend, purchase history.</summary>
public static class AnalyticsApi
{
    public const int MaxTake = 100;

    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder secured)
    {
        var analytics = secured.MapGroup("/analytics").WithTags("Analytics");

        analytics.MapGet("/summary", async (HttpContext http, CustomerAnalytics a, CustomerValue value, CancellationToken ct) =>
            {
                var id = http.User.UserId();
                var totals = await a.TotalsAsync(id, ct);
                var categories = await a.ByCategoryAsync(id, ct);
                var engagement = await a.EngagementAsync(id, ct);
                var forecast = await value.ForecastAsync(id, ct);
                return TypedResults.Ok(AnalyticsSummaryResponse.From(totals, categories, engagement, forecast));
            })
            .WithName("GetAnalyticsSummary")
            .WithSummary("Totals (net of refunds), favourite categories, spending by category, the engagement score with its parts and the lifetime-value forecast.");

        analytics.MapGet("/trends", async Task<Results<Ok<TrendsResponse>, ValidationProblem>> (HttpContext http, CustomerAnalytics a,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description("12 or 24; 12 by default.")] string? months = null) =>
            {
                var n = 12;
                if (months is not null && (!int.TryParse(months, NumberStyles.None, CultureInfo.InvariantCulture, out n) || !CustomerAnalytics.TrendMonths.Contains(n)))
                    return ApiProblems.Validation(new Dictionary<string, string[]> { ["months"] = [s["Ask for 12 or 24 months."]] });
                var rows = await a.MonthlyAsync(http.User.UserId(), n, ct);
                return TypedResults.Ok(new TrendsResponse(n, a.Currency,
                    rows.Select(r => new MonthItem(r.MonthUtc.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.SpentMinor, r.Purchases)).ToList()));
            })
            .WithName("GetAnalyticsTrends")
            .WithSummary("Net spending per calendar month (UTC), oldest first, every month present (zero when nothing was bought).")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        analytics.MapGet("/purchases", async Task<Results<Ok<PurchasesResponse>, ValidationProblem>> (HttpContext http, CustomerAnalytics a,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description("nextCursor from the previous page; leave out for the newest.")] string? cursor = null,
                [Description("Only purchases with a line in this category.")] string? category = null,
                [Description("First day (UTC), yyyy-MM-dd.")] string? from = null,
                [Description("Last day (UTC), yyyy-MM-dd, included.")] string? to = null,
                [Description("1–100; 20 by default.")] int take = 20) =>
            {
                var errors = new Dictionary<string, string[]>();
                PurchaseCursor? after = null;
                if (cursor is not null)
                {
                    if (PurchaseCursor.TryDecode(cursor, out var c)) after = c;
                    else errors["cursor"] = [s["This cursor is not valid. Start again without one."]];
                }
                var fromDay = Day(from, "from", errors, s);
                var toDay = Day(to, "to", errors, s);
                if (fromDay is { } f && toDay is { } t && f > t) errors["to"] = [s["The end date must be on or after the start date."]];
                if (take is < 1 or > MaxTake) errors["take"] = [s["Ask for 1 to 100 purchases."]];
                if (category is { Length: > PurchaseRules.MaxCategoryLength }) errors["category"] = [s["This category is too long."]];
                if (errors.Count > 0) return ApiProblems.Validation(errors);

                var page = await a.HistoryAsync(http.User.UserId(), PurchaseFilter.Days(fromDay, toDay, category), after, take, ct);
                return TypedResults.Ok(new PurchasesResponse(a.Currency, page.Items.Select(PurchaseResponse.From).ToList(), page.Next?.Encode()));
            })
            .WithName("GetAnalyticsPurchases")
            .WithSummary("Purchase history, newest first, each with its lines and the points it earned; filter by category and dates.")
            .WithDescription("Pages with an opaque cursor: pass `nextCursor` as `cursor` for the next page, with the same filters. A bad cursor or date is `400 validation_failed`.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return secured;
    }

    private static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors, IStringLocalizer s)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[field] = [s["Write the date as yyyy-MM-dd."]];
        return null;
    }
}

public sealed record CategoryItem(string Category, long SpentMinor, [property: Description("0–1, of all spending by category.")] double Share);

public sealed record EngagementPart(
    EngagementComponentKind Kind,
    [property: Description("What was counted: days since the last purchase (recency), or a count; null when not measured.")] int? Measure,
    [property: Description("0–1: how far the measure goes towards this part's full marks.")] double Level,
    [property: Description("This part's weight in the 100, after sharing out parts not counted yet.")] double MaxPoints,
    double Points,
    [property: Description("False for a part not measured: it weighs nothing and its weight is shared among the others.")] bool Counted);

public sealed record EngagementResponse([property: Description("0–100.")] int Score, IReadOnlyList<EngagementPart> Components);

public sealed record AnalyticsSummaryResponse(
    string Currency,
    int Purchases,
    [property: Description("Net of refunds, in minor units.")] long SpentMinor,
    long AverageOrderMinor,
    DateTime? LastPurchaseAt,
    [property: Description("Top three categories by net spend.")] IReadOnlyList<CategoryItem> Favourites,
    IReadOnlyList<CategoryItem> ByCategory,
    EngagementResponse Engagement,
    [property: Description("Null until the model has been fitted (nightly) and the customer has bought something.")] LifetimeValueResponse? LifetimeValue)
{
    public static AnalyticsSummaryResponse From(AnalyticsTotals t, IReadOnlyList<CategorySpend> categories, EngagementScore e, CustomerValueForecast? v)
    {
        var items = categories.Select(c => new CategoryItem(c.Category, c.SpentMinor, Math.Round(c.Share, 4))).ToList();
        return new(t.Currency, t.Purchases, t.SpentMinor, t.AverageOrderMinor, t.LastPurchaseUtc,
            items.Take(CustomerAnalytics.FavouriteCount).ToList(), items,
            new EngagementResponse(e.Score, e.Components.Select(c =>
                new EngagementPart(c.Kind, c.Measure, Math.Round(c.Level, 4), Math.Round(c.MaxPoints, 2), Math.Round(c.Points, 2), c.Counted)).ToList()),
            v is null ? null : new LifetimeValueResponse(v.HistoricValueMinor, v.PredictedMinor, v.LowMinor, v.HighMinor, v.IntervalLevel,
                Math.Round(v.ProbabilityAlive, 4), Math.Round(v.ExpectedPurchases, 2), v.ExpectedOrderValueMinor, v.FittedAtUtc));
    }
}

/// <summary>The BG/NBD + Gamma-Gamma forecast for the next 12 months.</summary>
public sealed record LifetimeValueResponse(
    [property: Description("Spent so far, net of refunds, in minor units.")] long HistoricMinor,
    [property: Description("Expected spend over the next 12 months, in minor units.")] long PredictedMinor,
    [property: Description("Lower end of the interval (a simulated percentile).")] long LowMinor,
    [property: Description("Upper end of the interval (a simulated percentile).")] long HighMinor,
    [property: Description("The interval's probability, e.g. 0.8: the value falls between low and high in 8 of 10 cases.")] double IntervalLevel,
    [property: Description("0–1: the chance the customer still buys.")] double ProbabilityAlive,
    double ExpectedPurchases,
    long ExpectedOrderValueMinor,
    DateTime FittedAt);

public sealed record MonthItem([property: Description("yyyy-MM (UTC).")] string Month, long SpentMinor, int Purchases);

public sealed record TrendsResponse(int Months, string Currency, IReadOnlyList<MonthItem> Items);

public sealed record PurchaseLineResponse(string Category, int Quantity, long AmountMinor);

public sealed record PurchaseResponse(
    string OrderId,
    DateTime OccurredAt,
    PurchaseChannel Channel,
    long TotalMinor,
    long RefundedMinor,
    long NetMinor,
    long PointsEarned,
    [property: Description("Points taken back for refunds.")] long PointsReversed,
    IReadOnlyList<PurchaseLineResponse> Lines)
{
    public static PurchaseResponse From(PurchaseItem p) => new(p.OrderId, p.OccurredAtUtc, p.Channel, p.TotalMinor, p.RefundedMinor, p.NetMinor,
        p.PointsEarned, p.PointsReversed, p.Lines.Select(l => new PurchaseLineResponse(l.Category, l.Quantity, l.AmountMinor)).ToList());
}

public sealed record PurchasesResponse(string Currency, IReadOnlyList<PurchaseResponse> Items,
    [property: Description("Pass as ?cursor= for the next page; null at the end.")] string? NextCursor);
