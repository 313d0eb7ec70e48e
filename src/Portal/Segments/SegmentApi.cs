using System.ComponentModel;
using Portal.Core.Loyalty;
using Portal.Core.Segments;
using Portal.Shell;

namespace Portal.Segments;

/// <summary>The signed-in customer's segment for the mobile app.</summary>
public static class SegmentApi
{
    public static RouteGroupBuilder MapSegmentApi(this RouteGroupBuilder secured)
    {
        secured.MapGet("/segment", async (HttpContext http, SegmentQueries queries, LoyaltyOptions loyalty, CancellationToken ct) =>
                TypedResults.Ok(SegmentResponse.From(await queries.ForCustomerAsync(http.User.UserId(), ct), loyalty.Currency)))
            .WithTags("Segments")
            .WithName("GetSegment")
            .WithSummary("The customer's segment, RFM scores and figures, what moves them up, and their segment history.");
        return secured;
    }
}

public sealed record SegmentScores(
    [property: Description("1–5 by quintile; 5 is the most recent.")] int Recency,
    [property: Description("1–5 by quintile of purchases in the trailing window.")] int Frequency,
    [property: Description("1–5 by quintile of net spend in the trailing window.")] int Monetary);

public sealed record SegmentFigures(
    DateTime LastPurchaseAt,
    int Purchases12Months,
    [property: Description("Net of refunds, in minor units.")] long Spend12MonthsMinor,
    int Purchases90Days,
    long Spend90DaysMinor,
    long SpendPrior90DaysMinor);

public sealed record SegmentMoveResponse(
    MoveKind Kind,
    [property: Description("The segment this move leads to.")] Segment Target,
    [property: Description("Purchases needed, for BecomeFrequent and LeaveInactive.")] int Count,
    [property: Description("Spend needed in minor units, for BecomeVip and LeaveAtRisk.")] long AmountMinor,
    [property: Description("Make the purchases before this time (UTC), for BecomeFrequent.")] DateTime? By);

public sealed record SegmentHistoryItem(Segment Segment, Segment? PreviousSegment, DateTime At);

public sealed record SegmentResponse(
    [property: Description("New until the first purchase is scored.")] Segment Segment,
    [property: Description("When the segment was last worked out; null for New.")] DateTime? ComputedAt,
    SegmentScores? Scores,
    SegmentFigures? Figures,
    string Currency,
    IReadOnlyList<SegmentMoveResponse> Moves,
    [property: Description("Newest first.")] IReadOnlyList<SegmentHistoryItem> History)
{
    public static SegmentResponse From(CustomerSegmentView v, string currency) => new(
        v.Segment,
        v.Score is null ? null : v.LastRunFinishedAtUtc ?? v.Score.ComputedAtUtc,
        v.Score is { } s ? new SegmentScores(s.Recency, s.Frequency, s.Monetary) : null,
        v.Score is { } f ? new SegmentFigures(f.LastPurchaseAtUtc, f.Purchases12Months, f.Spend12MonthsMinor, f.Purchases90Days, f.Spend90DaysMinor, f.SpendPrior90DaysMinor) : null,
        currency,
        v.Moves.Select(m => new SegmentMoveResponse(m.Kind, m.Target, m.Count, m.AmountMinor, m.ByUtc)).ToList(),
        v.History.Select(h => new SegmentHistoryItem(h.Segment, h.PreviousSegment, h.AssignedAtUtc)).ToList());
}
