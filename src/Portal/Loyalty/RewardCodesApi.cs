using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Shell.Api;

namespace Portal.Loyalty;

/// <summary>
/// A till marks a reward code used when it hands the reward over, with the same key it records purchases with
/// (<c>X-Api-Key</c>, permission "purchases"). Only the first of two racing tills succeeds.
/// </summary>
public static class RewardCodesApi
{
    public const string CodeAlreadyUsed = "code_already_used";
    public const string CodeExpired = "code_expired";
    public const string CodeHeld = "code_held";
    public const string CodeNotFound = "code_not_found";

    public static RouteGroupBuilder MapRewardCodesApi(this RouteGroupBuilder api)
    {
        var codes = api.MapGroup("/reward-codes").WithTags("Reward codes (shops and tills)")
            .RequireAuthorization(Policies.Integration)
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        codes.MapGet("/{code}", async Task<Results<Ok<RewardCodeResponse>, ProblemHttpResult>> (
                [Description("As the customer shows it: any case, with or without the dash.")] string code,
                RewardsCatalog catalog, LoyaltyOptions options, TimeProvider clock, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var found = await catalog.FindCodeAsync(code, ct);
                return found is null
                    ? ApiProblems.Problem(StatusCodes.Status404NotFound, CodeNotFound, s["No reward has this code. Check the letters and digits and try again."])
                    : TypedResults.Ok(RewardCodeResponse.From(found, options, clock.GetUtcNow().UtcDateTime));
            })
            .WithName("GetRewardCode")
            .WithSummary("What a reward code is for and whether it can be used now (ready, used or expired).")
            .ProducesProblems(StatusCodes.Status404NotFound);

        codes.MapPost("/{code}/use", async Task<Results<Ok<RewardCodeResponse>, ProblemHttpResult>> (
                string code, HttpContext http, RewardsCatalog catalog, LoyaltyOptions options, TimeProvider clock,
                IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var result = await catalog.UseCodeAsync(code, http.User.FindFirstValue(ClaimTypes.Name) ?? "Till", ct);
                var now = clock.GetUtcNow().UtcDateTime;
                return result.Error switch
                {
                    null => TypedResults.Ok(RewardCodeResponse.From(result.Value!, options, now)),
                    LoyaltyError.CodeAlreadyUsed => ApiProblems.Problem(StatusCodes.Status409Conflict, CodeAlreadyUsed, s["This code was already used."]),
                    LoyaltyError.CodeExpired => ApiProblems.Problem(StatusCodes.Status410Gone, CodeExpired, s["This code has expired: it cannot be used."]),
                    LoyaltyError.CodeHeld => ApiProblems.Problem(StatusCodes.Status409Conflict, CodeHeld, s["This code is held for a security check: it cannot be used now."]),
                    _ => ApiProblems.Problem(StatusCodes.Status404NotFound, CodeNotFound, s["No reward has this code. Check the letters and digits and try again."]),
                };
            })
            .WithName("UseRewardCode")
            .WithSummary("Marks a reward code used when the reward is handed over.")
            .WithDescription($"A code works once: a second use is `409 {CodeAlreadyUsed}`, a code past its validity `410 {CodeExpired}`, one held for a security check `409 {CodeHeld}`, an unknown one `404 {CodeNotFound}`.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone);
        return api;
    }
}

/// <summary>A reward code as a till sees it.</summary>
public sealed record RewardCodeResponse(
    string Code,
    long RewardId,
    string RewardNameEn,
    string RewardNameAr,
    long Points,
    RedemptionStatus Status,
    DateTime IssuedAtUtc,
    DateTime? ExpiresAtUtc,
    DateTime? UsedAtUtc)
{
    public static RewardCodeResponse From(Redemption r, LoyaltyOptions options, DateTime now) => new(
        RewardRules.Grouped(r.Code), r.RewardId, r.Reward.NameEn, r.Reward.NameAr, r.Points, r.StatusAt(now, options),
        r.CreatedAtUtc, options.CodeExpiresAt(r.CreatedAtUtc), r.UsedAtUtc);
}
