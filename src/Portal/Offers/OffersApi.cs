using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Faq;
using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Offers;

/// <summary>The signed-in customer's personalized offers, activation of a single-use code, and their offer history.</summary>
public static class OffersApi
{
    public static RouteGroupBuilder MapOffersApi(this RouteGroupBuilder secured)
    {
        var offers = secured.MapGroup("/offers").WithTags("Offers");

        offers.MapGet("/personalized", async (HttpContext http, OfferService service, FaqMarkdown markdown, LoyaltyOptions loyalty,
                IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var list = await service.PersonalizedAsync(http.User.UserId(), ct);
                return TypedResults.Ok(new PersonalizedOffersResponse(loyalty.Currency, list.Select(o => OfferResponse.From(o, markdown, s)).ToList()));
            })
            .WithName("GetPersonalizedOffers")
            .WithSummary("Live offers for the customer, best first, with the score and why each was picked.")
            .WithDescription("The score (0–100) weighs the share of the customer's 12-month spending in the offer's categories (40), a recent purchase " +
                "there (20), a segment (15) or tier (10) the offer names, how soon it ends (15), less 30 for an offer ignored before. " +
                "An offer the customer holds a code for carries it in `code`.");

        offers.MapPost("/apply", ApplyAsync)
            .WithName("ApplyOffer")
            .WithSummary("Activates an offer: a single-use code bound to the customer, for a till or an online cart.")
            .WithDescription("The code is redeemed by a purchase sent with `offerCode`. Send an `Idempotency-Key`: a retry returns the same code " +
                "(`Idempotent-Replayed: true`). Refusals: `404 offer_not_found`, `403 offer_not_for_you`, `422 offer_ended`, " +
                "`409 offer_limit_reached`, `409 offer_budget_exhausted`. Within 24 hours of a password, email or phone change or a new-device " +
                "sign-in the code is held for a security check (status `Held`, no code) until our team releases it.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();

        offers.MapGet("/history", async Task<Results<Ok<Page<ActivationResponse>>, ValidationProblem>> (HttpContext http, OfferService service,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake) =>
            {
                if (ApiPaging.Check(take, s) is { } problem) return problem;
                var fetched = await service.HistoryAsync(http.User.UserId(), before, take + 1, ct);
                return TypedResults.Ok(ApiPaging.Of(fetched, take, a => a.Id).Map(ActivationResponse.From));
            })
            .WithName("GetOfferHistory")
            .WithSummary("The customer's codes, newest first: activated, redeemed (with the order) or expired.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return secured;
    }

    private static async Task<Results<Ok<ActivationResponse>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        ApplyOfferRequest request, HttpContext http, OfferService service, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var key = http.Request.Headers[ApiOpenApi.IdempotencyKeyHeader].FirstOrDefault();
        if (key is { Length: 0 or > OfferRules.MaxRequestKeyLength })
            return ApiProblems.Validation(new Dictionary<string, string[]> { [ApiOpenApi.IdempotencyKeyHeader] = [s["The Idempotency-Key must be 1 to 100 characters."]] });
        if (request.OfferId is not { } offerId)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["offerId"] = [s["Choose an offer."]] });
        var outcome = await service.ActivateAsync(http.User.UserId(), offerId, key is null ? Guid.NewGuid().ToString("N") : "api:" + key, ct);
        if (!outcome.Succeeded)
        {
            var problem = s.ActivateProblem(outcome.Error!.Value);
            return ApiProblems.Problem(problem.Status, problem.Code, problem.Text);
        }
        if (outcome.Repeated) http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        return TypedResults.Ok(ActivationResponse.From(outcome.Activation!));
    }
}

public sealed record ApplyOfferRequest(long? OfferId);

public sealed record OfferReasonResponse(OfferReasonKind Kind, [property: Description("Score points this reason added.")] int Points, string Text);

public sealed record OfferResponse(
    long Id,
    string Title,
    [property: Description("Sanitized HTML rendered from the offer's Markdown, in the request's language.")] string? DescriptionHtml,
    OfferKind Kind,
    [property: Description("PercentOff: percent; AmountOff: minor units; PointsMultiplier: times the usual points; FreeReward: 0.")] long Value,
    IReadOnlyList<string> Categories,
    long MinSpendMinor,
    DateTime ValidFrom,
    DateTime ValidUntil,
    [property: Description("Higher is a better fit; the list is in this order.")] int Score,
    IReadOnlyList<OfferReasonResponse> Reasons,
    [property: Description("Codes the customer already activated for this offer.")] int Used,
    int PerCustomerLimit,
    bool CanActivate,
    [property: Description("The customer's unused code for this offer, if any.")] ActivationResponse? Code)
{
    public static OfferResponse From(PersonalOffer p, FaqMarkdown markdown, IStringLocalizer s)
    {
        var o = p.Offer;
        var description = o.Description(OfferText.Language);
        return new(o.Id, o.Title(OfferText.Language), description is null ? null : markdown.Render(description, $"offer-{o.Id}-"), o.Kind, o.Value,
            o.CategoryList, o.MinSpendMinor, o.ValidFromUtc, o.ValidUntilUtc, p.Ranked.Score,
            p.Ranked.Reasons.Select(r => new OfferReasonResponse(r.Kind, r.Points, s.Reason(r))).ToList(), p.Used, o.PerCustomerLimit, p.CanActivate,
            p.Code is null ? null : ActivationResponse.From(p.Code));
    }
}

public sealed record PersonalizedOffersResponse(string Currency, IReadOnlyList<OfferResponse> Offers);

public sealed record ActivationResponse(
    long Id,
    long OfferId,
    [property: Description("Ten characters (Crockford base 32); send it as the purchase's offerCode, with or without the dash. Null while the code is held for a security check (status Held) or after it was cancelled.")] string? Code,
    [property: Description("The code grouped for reading, XXXXX-XXXXX; null when Code is.")] string? Display,
    ActivationStatus Status,
    DateTime ActivatedAt,
    DateTime ExpiresAt,
    DateTime? RedeemedAt,
    [property: Description("The order that redeemed the code.")] string? OrderId,
    long DiscountMinor,
    long BonusPoints)
{
    public static ActivationResponse From(OfferActivation a) =>
        new(a.Id, a.OfferId, a.CodeWithheld ? null : a.Code, a.CodeWithheld ? null : OfferRules.Grouped(a.Code), a.Status, a.ActivatedAtUtc, a.ExpiresAtUtc, a.RedeemedAtUtc, a.OrderId, a.DiscountMinor, a.BonusPoints);
}
