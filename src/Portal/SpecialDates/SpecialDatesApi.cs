using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Core.SpecialDates;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.SpecialDates;

/// <summary>The signed-in customer's birthday and anniversary rewards: dates, rewards to claim, claiming, history.</summary>
public static class SpecialDatesApi
{
    public static RouteGroupBuilder MapSpecialDatesApi(this RouteGroupBuilder secured)
    {
        var rewards = secured.MapGroup("/rewards").WithTags("Special dates");

        rewards.MapGet("/special-dates", async (HttpContext http, SpecialDatesProgram program, CancellationToken ct) =>
                TypedResults.Ok(SpecialDatesResponse.From(await program.OverviewAsync(http.User.UserId(), ct), program.Options)))
            .WithName("GetSpecialDates")
            .WithSummary("The customer's birthday and anniversaries with a countdown to each, and the rewards they can claim now.")
            .WithDescription("Dates are the customer's local dates (their time zone, else the business's). A reward can be claimed from " +
                "DaysBefore days before a date until DaysAfter days after it; a birthday entered or changed less than NoticeDays before it " +
                "earns nothing until the next year (eligibleFrom).");

        rewards.MapPost("/claim", ClaimAsync)
            .WithName("ClaimSpecialDateReward")
            .WithSummary("Claims a birthday or anniversary reward: its points are added to the balance at once.")
            .WithDescription("Claiming twice gives the same claimed reward back (`alreadyClaimed: true`) and never adds the points twice. " +
                "Send an `Idempotency-Key` to get the first answer back on a retry (`Idempotent-Replayed: true`). Refusals: " +
                "`404 reward_not_found`, `409 reward_expired`, `409 reward_not_yet_available`, `503 offer_unavailable`. Within 24 hours of a " +
                "password, email or phone change or a new-device sign-in the claim is held for a security check (state `Held`, nothing added " +
                "yet) until our team releases it; it stays in `available` meanwhile.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status503ServiceUnavailable)
            .WithIdempotencyKey();

        rewards.MapGet("/history", async Task<Results<Ok<Page<SpecialDateRewardResponse>>, ValidationProblem>> (HttpContext http,
                SpecialDatesProgram program, IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake) =>
            {
                if (ApiPaging.Check(take, s) is { } problem) return problem;
                var fetched = await program.HistoryAsync(http.User.UserId(), before, take + 1, ct);
                return TypedResults.Ok(ApiPaging.Of(fetched, take, r => r.Id).Map(SpecialDateRewardResponse.From));
            })
            .WithName("GetSpecialDateRewardHistory")
            .WithSummary("Claimed and expired birthday and anniversary rewards, newest first.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return secured;
    }

    private static async Task<Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult>> ClaimAsync(
        ClaimRequest request, HttpContext http, SpecialDatesProgram program, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        if (request.RewardId is not { } rewardId)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["rewardId"] = [s["Choose a reward."]] });
        var result = await program.ClaimAsync(http.User.UserId(), rewardId, ct);
        if (result.Error is { } error)
        {
            var (status, code) = SpecialDateText.Problem(error);
            return ApiProblems.Problem(status, code, s.ClaimError(error));
        }
        return TypedResults.Ok(new ClaimResponse(SpecialDateRewardResponse.From(result.Reward!), result.Replayed));
    }
}

public sealed record ClaimRequest([property: Description("The id of a reward in `available`.")] long? RewardId);

public sealed record ClaimResponse(SpecialDateRewardResponse Reward, [property: Description("It was claimed before; nothing was added this time.")] bool AlreadyClaimed);

public sealed record SpecialDateRewardResponse(
    long Id,
    SpecialDateKind Kind,
    int Year,
    [property: Description("The day celebrated, in the customer's calendar.")] DateOnly Date,
    DateOnly AvailableFrom,
    DateOnly AvailableUntil,
    [property: Description("When the window closes (UTC).")] DateTime ExpiresAt,
    SpecialDateRewardType Type,
    long Points,
    [property: Description("For a claimed offer reward: the code issued.")] string? OfferCode,
    SpecialDateRewardState State,
    DateTime? ClaimedAt)
{
    public static SpecialDateRewardResponse From(SpecialDateReward r) => new(
        r.Id, r.Kind, r.Year, r.Date, r.AvailableFrom, r.AvailableUntil, r.ExpiresAtUtc, r.Type, r.Points, r.OfferReference, r.State, r.ClaimedAtUtc);
}

public sealed record UpcomingDateResponse(
    SpecialDateKind Kind,
    [property: Description("As entered (the join date for the membership anniversary).")] DateOnly Date,
    [property: Description("The next celebration on or after today.")] DateOnly Next,
    int DaysUntil,
    [property: Description("Set when Next earns nothing because the date was entered or changed too late: the first that will.")] DateOnly? EligibleFrom,
    SpecialDateRewardType? RewardType,
    [property: Description("Points for the customer's current tier.")] long RewardPoints);

public sealed record SpecialDateRulesResponse(int DaysBefore, int DaysAfter, int NoticeDays);

public sealed record SpecialDatesResponse(
    [property: Description("The customer's local date.")] DateOnly Today,
    string TimeZone,
    Tier Tier,
    DateOnly? Birthday,
    DateOnly? WeddingAnniversary,
    DateOnly MemberSince,
    IReadOnlyList<UpcomingDateResponse> Upcoming,
    IReadOnlyList<SpecialDateRewardResponse> Available,
    [property: Description("Set while a birthday change is not allowed (once a year): when it becomes possible (UTC).")] DateTime? BirthdayChangeAllowedFrom,
    DateTime? WeddingChangeAllowedFrom,
    SpecialDateRulesResponse Rules)
{
    public static SpecialDatesResponse From(SpecialDatesOverview o, SpecialDateOptions options) => new(
        o.Today, o.TimeZoneId, o.Tier, o.Birthday, o.Wedding, o.MemberSince,
        o.Upcoming.Select(u => new UpcomingDateResponse(u.Kind, u.Date, u.Next, u.DaysUntil, u.EligibleFrom, u.Reward?.Type,
            u.Reward?.Type == SpecialDateRewardType.Points ? u.Reward.Points : 0)).ToList(),
        o.Available.Select(SpecialDateRewardResponse.From).ToList(),
        o.BirthdayChangeAllowedFromUtc, o.WeddingChangeAllowedFromUtc,
        new SpecialDateRulesResponse(options.DaysBefore, options.DaysAfter, options.NoticeDays));
}
