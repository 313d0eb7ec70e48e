using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Referrals;

/// <summary>The signed-in customer's referral code and link, the friends they invited, and what they earned.</summary>
public static class ReferralsApi
{
    public static RouteGroupBuilder MapReferralsApi(this RouteGroupBuilder secured)
    {
        var referral = secured.MapGroup("/referral").WithTags("Referrals");

        referral.MapPost("/generate", async (HttpContext http, ReferralProgram program, PublicLinks links, CancellationToken ct) =>
            {
                var code = await program.CodeForAsync(http.User.UserId(), ct);
                return TypedResults.Ok(ReferralLinkResponse.From(code, links));
            })
            .WithName("GenerateReferralCode")
            .WithSummary("The customer's referral code, link and QR code URL.")
            .WithDescription("Made on the first call; every later call returns the same code, so links already shared keep working. " +
                "Safe to retry: no Idempotency-Key is needed.");

        referral.MapGet("/history", async Task<Results<Ok<ReferralHistoryResponse>, ValidationProblem>> (HttpContext http, ReferralQueries queries,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake) =>
            {
                if (ApiPaging.Check(take, s) is { } problem) return problem;
                var page = ApiPaging.Of(await queries.HistoryBeforeAsync(http.User.UserId(), before, take + 1, ct), take, i => i.Id);
                return TypedResults.Ok(new ReferralHistoryResponse(page.Items.Select(ReferralHistoryEntry.From).ToList(), page.NextBefore));
            })
            .WithName("GetReferralHistory")
            .WithSummary("Friends who joined with the customer's code, newest first, masked; paged.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        referral.MapGet("/rewards", async (HttpContext http, ReferralQueries queries, ReferralProgram program, LoyaltyOptions loyalty,
                PortalDbContext db, CancellationToken ct) =>
            {
                var id = http.User.UserId();
                var stats = await queries.StatsAsync(id, ct);
                var rewards = await db.Set<Referral>().AsNoTracking()
                    .Where(r => r.ReferrerId == id && r.State == ReferralState.Rewarded)
                    .OrderByDescending(r => r.RewardedAtUtc).Take(100)
                    .Select(r => new ReferralRewardEntry(r.Id, r.ReferrerPoints, r.RewardedAtUtc!.Value)).ToListAsync(ct);
                var o = program.Options;
                return TypedResults.Ok(new ReferralRewardsResponse(
                    stats.Visits, stats.SignUps, stats.Qualified, stats.Rewarded, Math.Round(stats.Conversion, 4), stats.PointsEarned, rewards,
                    new ReferralRules(o.ReferrerPoints, o.FriendPoints, program.MinimumPurchaseMinor, loyalty.Currency, o.QualifyingDays)));
            })
            .WithName("GetReferralRewards")
            .WithSummary("Statistics, the points earned from each rewarded friend (newest 100) and the programme's current rules.");
        return secured;
    }
}

public sealed record ReferralLinkResponse(
    string Code,
    [property: Description("Opens registration with the code filled in.")] string Link,
    [property: Description("An SVG QR code of the link.")] string QrUrl)
{
    public static ReferralLinkResponse From(ReferralCode code, PublicLinks links) =>
        new(code.Code, links.Path("/r/" + code.Code), links.Path($"/r/{code.Code}/qr.svg"));
}

public sealed record ReferralHistoryEntry(
    long Id,
    [property: Description("Masked, e.g. \"S*** A.\".")] string Name,
    [property: Description("Masked, e.g. \"s***@gmail.com\".")] string Email,
    ReferralState State,
    DateTime RegisteredAt,
    DateTime? QualifiedAt,
    DateTime? RewardedAt,
    [property: Description("For Pending: the qualifying purchase must happen by this time (UTC).")] DateTime Deadline,
    [property: Description("Points the customer earned from this friend.")] long Points)
{
    public static ReferralHistoryEntry From(ReferralHistoryItem i) =>
        new(i.Id, i.MaskedName, i.MaskedEmail, i.State, i.RegisteredAtUtc, i.QualifiedAtUtc, i.RewardedAtUtc, i.DeadlineUtc, i.PointsEarned);
}

public sealed record ReferralHistoryResponse(IReadOnlyList<ReferralHistoryEntry> Items,
    [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public sealed record ReferralRewardEntry(long ReferralId, long Points, DateTime RewardedAt);

public sealed record ReferralRules(
    long ReferrerPoints,
    long FriendPoints,
    [property: Description("The friend's qualifying first purchase, in minor units of Currency.")] long MinimumPurchaseMinor,
    string Currency,
    [property: Description("Days after registering within which the qualifying purchase must happen.")] int QualifyingDays);

public sealed record ReferralRewardsResponse(
    long Visits,
    int SignUps,
    int Qualified,
    int Rewarded,
    [property: Description("Qualified friends per sign-up, 0–1.")] double Conversion,
    long PointsEarned,
    IReadOnlyList<ReferralRewardEntry> Rewards,
    ReferralRules Rules);
