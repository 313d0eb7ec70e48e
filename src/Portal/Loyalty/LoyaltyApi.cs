using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Shell.Api;
using Portal.Core.Loyalty;
using Portal.Shell;

namespace Portal.Loyalty;

/// <summary>The signed-in customer's loyalty for the mobile app: tier and balances, history, rewards, redemption.</summary>
public static class LoyaltyApi
{
    public static RouteGroupBuilder MapLoyaltyApi(this RouteGroupBuilder secured)
    {
        var loyalty = secured.MapGroup("/loyalty").WithTags("Loyalty");

        loyalty.MapGet("", async (HttpContext http, PointsLedger ledger, CancellationToken ct) =>
                TypedResults.Ok(LoyaltyResponse.From(await ledger.SummaryAsync(http.User.UserId(), ct))))
            .WithName("GetLoyalty")
            .WithSummary("Tier, spendable and pending points, progress to the next tier, and what expires when.");

        loyalty.MapGet("/history", async Task<Results<Ok<HistoryResponse>, ValidationProblem>> (HttpContext http, PointsLedger ledger,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake) =>
            {
                if (take is < 1 or > 100)
                    return ApiProblems.Validation(new Dictionary<string, string[]> { ["take"] = [s["Ask for 1 to 100 entries."]] });
                var entries = await ledger.HistoryAsync(http.User.UserId(), before, take + 1, ct);
                var page = entries.Take(take).Select(HistoryItem.From).ToList();
                return TypedResults.Ok(new HistoryResponse(page, entries.Count > take ? page[^1].Id : null));
            })
            .WithName("GetLoyaltyHistory")
            .WithSummary("Points history, newest first: every award, spend, expiry, refund and adjustment.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        loyalty.MapGet("/rewards", async Task<Results<Ok<Page<RewardResponse>>, ValidationProblem>> (HttpContext http, RewardsCatalog catalog,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake) =>
            {
                if (ApiPaging.Check(take, s) is { } problem) return problem;
                var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                var items = await catalog.CatalogForAsync(http.User.UserId(), ct);
                return TypedResults.Ok(ApiPaging.InMemory(items.Select(i => RewardResponse.From(i, language)), before, take, r => r.Id));
            })
            .WithName("GetRewards")
            .WithSummary("The rewards catalog, newest first, each with whether this customer can redeem it now and, if not, why.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        loyalty.MapGet("/redemptions", async Task<Results<Ok<Page<RedemptionResponse>>, ValidationProblem>> (HttpContext http, RewardsCatalog catalog,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake) =>
            {
                if (ApiPaging.Check(take, s) is { } problem) return problem;
                var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                var fetched = await catalog.RedemptionsAsync(http.User.UserId(), before, take + 1, ct);
                return TypedResults.Ok(ApiPaging.Of(fetched, take, r => r.Id).Map(r => RedemptionResponse.From(r, language)));
            })
            .WithName("GetRedemptions")
            .WithSummary("Rewards this customer redeemed, with their codes, newest first.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        loyalty.MapPost("/redeem", RedeemAsync)
            .WithName("Redeem")
            .WithSummary("Spends points on a reward and returns its single-use code.")
            .WithDescription(
                "Send an `Idempotency-Key`: a retry with the same key returns the same redemption (`Idempotent-Replayed: true`) and " +
                "never spends twice. Refusals: `422 insufficient_points`, `409 out_of_stock`, `403 tier_too_low`, `404 reward_not_found`, " +
                "`422 reward_not_available`.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        return secured;
    }

    private static async Task<Results<Ok<RedemptionResponse>, ValidationProblem, ProblemHttpResult>> RedeemAsync(
        RedeemRequest request, HttpContext http, RewardsCatalog catalog, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var key = http.Request.Headers[ApiOpenApi.IdempotencyKeyHeader].FirstOrDefault();
        if (key is { Length: 0 or > RewardRules.MaxRequestKeyLength })
            return ApiProblems.Validation(new Dictionary<string, string[]> { [ApiOpenApi.IdempotencyKeyHeader] = [s["The Idempotency-Key must be 1 to 100 characters."]] });
        if (request.RewardId is not { } rewardId)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["rewardId"] = [s["Choose a reward."]] });
        // Without a key every call is a new redemption; with one, "api:" keeps app keys apart from the web page's.
        var result = await catalog.RedeemAsync(http.User.UserId(), rewardId, key is null ? Guid.NewGuid().ToString("N") : "api:" + key, ct);
        if (!result.Succeeded) return Refusal(result.Error!.Value, s);
        if (result.Unchanged) http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        return TypedResults.Ok(RedemptionResponse.From(result.Value!, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName));
    }

    private static ProblemHttpResult Refusal(LoyaltyError error, IStringLocalizer s)
    {
        var problem = s.RedeemProblem(error);
        return ApiProblems.Problem(problem.Status, problem.Code, problem.Text);
    }
}

public sealed record PointsAward(long Points, DateTime At, string Source);

public sealed record ExpiringPoints(long Points, DateTime ExpiresAt, string Source, [property: Description("Within the programme's \"expiring soon\" window.")] bool Soon);

public sealed record KeepTierResponse(Tier Tier, long PointsNeeded, [property: Description("Earn PointsNeeded more by this time (UTC) to keep the tier.")] DateTime By);

public sealed record LoyaltyResponse(
    Tier Tier,
    DateTime? TierSince,
    decimal Multiplier,
    [property: Description("Spendable now.")] long ActivePoints,
    [property: Description("Earned but still in the returns window.")] long PendingPoints,
    [property: Description("Points earned in the rolling qualifying window: what decides the tier.")] long QualifyingPoints,
    Tier? NextTier,
    long PointsToNextTier,
    int ProgressPercent,
    KeepTierResponse? KeepTier,
    [property: Description("Pending awards and when each unlocks (At).")] IReadOnlyList<PointsAward> Pending,
    [property: Description("Spendable awards, soonest to expire first.")] IReadOnlyList<ExpiringPoints> Expiring)
{
    public static LoyaltyResponse From(LoyaltySummary s) => new(
        s.Tier.Tier, s.TierSinceUtc, s.Tier.Multiplier, s.Active, s.Pending, s.QualifyingPoints, s.NextTier?.Tier, s.PointsToNextTier,
        s.ProgressPercent,
        s.KeepTier is { } k ? new KeepTierResponse(k.Tier, k.PointsNeeded, k.ByUtc) : null,
        s.PendingAwards.Select(p => new PointsAward(p.Points, p.UnlocksAtUtc, p.SourceRef)).ToList(),
        s.Expiring.Select(e => new ExpiringPoints(e.Points, e.ExpiresAtUtc, e.SourceRef, e.Soon)).ToList());
}

public sealed record HistoryItem(
    long Id,
    PointsEntryKind Kind,
    [property: Description("Signed: positive added, negative taken.")] long Points,
    DateTime CreatedAt,
    [property: Description("What caused it: purchase:<orderId>, redemption:<code>, refund:<orderId>, tier:<tier>, staff:<id>.")] string Source,
    [property: Description("A staff member's reason, for adjustments.")] string? Note,
    DateTime? ActiveFrom,
    DateTime? ExpiresAt)
{
    public static HistoryItem From(PointsEntry e) => new(e.Id, e.Kind, e.Points, e.CreatedAtUtc, e.SourceRef, e.Note, e.ActiveFromUtc, e.ExpiresAtUtc);
}

public sealed record HistoryResponse(IReadOnlyList<HistoryItem> Items, [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public enum RewardBlock { InsufficientPoints, TierTooLow, OutOfStock }

public sealed record RewardResponse(
    long Id,
    string Name,
    string? Description,
    long CostPoints,
    [property: Description("Left in stock; null is unlimited.")] int? Stock,
    Tier? MinimumTier,
    DateTime? AvailableUntil,
    bool CanRedeem,
    [property: Description("Why it cannot be redeemed now, when it cannot.")] RewardBlock? Blocked)
{
    public static RewardResponse From(CatalogItem i, string language) => new(
        i.Reward.Id, i.Reward.Name(language), i.Reward.Description(language), i.Reward.CostPoints, i.Reward.Stock, i.Reward.MinimumTier,
        i.Reward.AvailableUntilUtc, i.CanRedeem,
        !i.InStock ? RewardBlock.OutOfStock : !i.TierAllows ? RewardBlock.TierTooLow : !i.Affordable ? RewardBlock.InsufficientPoints : null);
}

public sealed record RedeemRequest(long? RewardId);

public sealed record RedemptionResponse(
    [property: Description("Show this at the counter (encode it in a QR code). Null while the redemption is held for a security check (status Held) or after it was cancelled.")] string? Code,
    string? CodeGrouped,
    long RewardId,
    string RewardName,
    long Points,
    DateTime CreatedAt,
    RedemptionStatus Status,
    DateTime? UsedAt)
{
    public static RedemptionResponse From(Redemption r, string language) => new(
        Withheld(r) ? null : r.Code, Withheld(r) ? null : RewardRules.Grouped(r.Code), r.RewardId, r.Reward.Name(language), r.Points, r.CreatedAtUtc,
        r.CancelledAtUtc is not null ? RedemptionStatus.Cancelled : r.HeldAtUtc is not null ? RedemptionStatus.Held : r.Status, r.UsedAtUtc);

    private static bool Withheld(Redemption r) => r.HeldAtUtc is not null || r.CancelledAtUtc is not null;
}
