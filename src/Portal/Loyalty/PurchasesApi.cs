using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Shell.Api;
using Portal.Core.Loyalty;

namespace Portal.Loyalty;

/// <summary>
/// Purchases from shops and tills: <c>X-Api-Key</c> authentication, the order id as the idempotency key, a batch
/// form, and refunds that take back points.
/// </summary>
public static class PurchasesApi
{
    public static RouteGroupBuilder MapPurchasesApi(this RouteGroupBuilder api)
    {
        var purchases = api.MapGroup("/purchases").WithTags("Purchases (shops and tills)")
            .RequireAuthorization(Policies.Integration)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);

        purchases.MapPost("", RecordAsync)
            .WithName("RecordPurchase")
            .WithSummary("Records a purchase and awards its points.")
            .WithDescription(
                "The shop's `orderId` is the idempotency key: sending the same order again (a retry, or twenty at once) records it " +
                "once and every call gets the same receipt (repeats carry `Idempotent-Replayed: true`). The same order id with " +
                $"different content is `409 {ApiProblems.Codes.OrderIdConflict}`. A Customer ID with a wrong check digit is a " +
                $"validation error; one that belongs to nobody is `422 {ApiProblems.Codes.UnknownCustomer}`. Nothing is recorded on error.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();

        purchases.MapPost("/batch", RecordBatchAsync)
            .WithName("RecordPurchases")
            .WithSummary($"Records up to {PurchaseRules.MaxBatch:N0} purchases and reports each one.")
            .WithDescription("Each purchase is recorded (or refused) on its own, with the same rules as a single one; `results` follows the order sent.")
            .WithIdempotencyKey();

        purchases.MapPost("/{orderId}/refund", RefundAsync)
            .WithName("RefundPurchase")
            .WithSummary("Records a whole or partial refund and takes back the points it earned, in proportion.")
            .WithDescription(
                "`refundId` (the shop's return id) makes it idempotent. Without `amountMinor` the rest of the purchase is refunded. " +
                "Points already spent cannot be taken back: the balance never goes below zero.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        return api;
    }

    private static async Task<Results<Ok<PurchaseResponse>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        PurchaseRequest request, HttpContext http, PurchaseIngestion ingestion, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var outcome = await RecordOneAsync(request, http, ingestion, ct);
        if (outcome.Receipt is null) return Refuse<PurchaseResponse>(outcome.Error!.Value, s);
        if (outcome.Repeated) http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        return TypedResults.Ok(PurchaseResponse.From(outcome.Receipt));
    }

    private static async Task<Results<Ok<BatchResponse>, ValidationProblem>> RecordBatchAsync(
        BatchRequest request, HttpContext http, PurchaseIngestion ingestion, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        if (request.Purchases is null || request.Purchases.Count == 0)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["purchases"] = [s["Send at least one purchase."]] });
        if (request.Purchases.Count > PurchaseRules.MaxBatch)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["purchases"] = [string.Format(CultureInfo.CurrentCulture, s["Send at most {0:N0} purchases per request."], PurchaseRules.MaxBatch)] });
        // Each purchase gets its own outcome (PurchaseIngestion.RecordBatchAsync).
        var keyId = long.Parse(http.User.FindFirst(IntegrationKeyAuthentication.KeyIdClaim)!.Value, CultureInfo.InvariantCulture);
        var early = new PurchaseError?[request.Purchases.Count];
        var inputs = new List<PurchaseInput>(request.Purchases.Count);
        var positions = new List<int>(request.Purchases.Count);
        for (var i = 0; i < request.Purchases.Count; i++)
        {
            var item = request.Purchases[i];
            if (item is null) early[i] = PurchaseError.NoLines;
            else if (item.OccurredAt is null) early[i] = PurchaseError.InvalidOccurredAt;
            else
            {
                inputs.Add(ToInput(item));
                positions.Add(i);
            }
        }
        // Up to 500 purchases per transaction: each commit is an fsync and rewrites index pages the next one touches again
        // (100 per transaction gave 1,280 purchases/s over HTTP, 500 gave 1,650–1,720; bench/README.md), while a
        // 1,000-purchase request still lets other writers in halfway. A repeat across chunks is answered from the stored
        // purchase as within one.
        var recorded = new List<PurchaseOutcome<PurchaseReceipt>>(inputs.Count);
        foreach (var chunk in inputs.Chunk(500)) recorded.AddRange(await ingestion.RecordBatchAsync(chunk, keyId, ct));
        var outcomes = new (PurchaseReceipt? Receipt, PurchaseError? Error, bool Repeated)[request.Purchases.Count];
        for (var i = 0; i < early.Length; i++) if (early[i] is { } error) outcomes[i] = (null, error, false);
        for (var j = 0; j < positions.Count; j++) outcomes[positions[j]] = (recorded[j].Value, recorded[j].Error, recorded[j].Repeated);
        var results = new List<BatchItemResult>(request.Purchases.Count);
        for (var i = 0; i < request.Purchases.Count; i++)
        {
            var item = request.Purchases[i];
            var outcome = outcomes[i];
            results.Add(outcome.Receipt is { } receipt
                ? new BatchItemResult(i, item?.OrderId, outcome.Repeated ? BatchItemStatus.Duplicate : BatchItemStatus.Recorded, PurchaseResponse.From(receipt), null)
                : new BatchItemResult(i, item?.OrderId, BatchItemStatus.Rejected, null, ItemProblem(outcome.Error!.Value, s)));
        }
        return TypedResults.Ok(new BatchResponse(
            results.Count(r => r.Status == BatchItemStatus.Recorded),
            results.Count(r => r.Status == BatchItemStatus.Duplicate),
            results.Count(r => r.Status == BatchItemStatus.Rejected),
            results));
    }

    private static async Task<Results<Ok<RefundResponse>, ValidationProblem, ProblemHttpResult>> RefundAsync(
        string orderId, RefundRequest request, HttpContext http, PurchaseIngestion ingestion, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        // The Idempotency-Key header may stand in for refundId.
        var refundId = request.RefundId ?? http.Request.Headers[ApiOpenApi.IdempotencyKeyHeader].FirstOrDefault();
        var keyId = long.Parse(http.User.FindFirst(IntegrationKeyAuthentication.KeyIdClaim)!.Value, CultureInfo.InvariantCulture);
        var outcome = await ingestion.RefundAsync(orderId, refundId ?? "", request.AmountMinor, ct, keyId);
        if (!outcome.Succeeded) return Refuse<RefundResponse>(outcome.Error!.Value, s);
        if (outcome.Repeated) http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        var r = outcome.Value!;
        return TypedResults.Ok(new RefundResponse(r.OrderId, r.RefundId, r.AmountMinor, r.PointsReversed, PurchaseResponse.From(r.Purchase)));
    }

    private static async Task<(PurchaseReceipt? Receipt, PurchaseError? Error, bool Repeated)> RecordOneAsync(
        PurchaseRequest request, HttpContext http, PurchaseIngestion ingestion, CancellationToken ct)
    {
        var keyId = long.Parse(http.User.FindFirst(IntegrationKeyAuthentication.KeyIdClaim)!.Value, CultureInfo.InvariantCulture);
        if (request.OccurredAt is null) return (null, PurchaseError.InvalidOccurredAt, false);
        var outcome = await ingestion.RecordAsync(ToInput(request), keyId, ct);
        return (outcome.Value, outcome.Error, outcome.Repeated);
    }

    private static PurchaseInput ToInput(PurchaseRequest request) => new(
        request.CustomerId ?? "",
        request.OrderId ?? "",
        request.OccurredAt?.UtcDateTime ?? default,
        request.Channel ?? PurchaseChannel.Store,
        request.Lines?.Select(l => l is null ? null! : new PurchaseLineInput(l.Category ?? "", l.Quantity ?? 0, l.AmountMinor ?? -1)).ToList() ?? [],
        request.OfferCode,
        request.Currency);

    public const string PurchaseOverLimit = "purchase_over_limit";
    public const string PurchaseTooOld = "purchase_too_old";
    public const string RefundFromOtherKey = "refund_from_other_key";

    private sealed record Refusal(int Status, string Code, string? Field, string Message);

    private static Refusal Describe(PurchaseError error, IStringLocalizer s) => error switch
    {
        PurchaseError.InvalidCustomerId => new(400, ApiProblems.Codes.ValidationFailed, "customerId", s["This is not a valid Customer ID. Check the digits."]),
        PurchaseError.UnknownCustomer => new(422, ApiProblems.Codes.UnknownCustomer, null, s["No customer has this Customer ID."]),
        PurchaseError.InvalidOrderId => new(400, ApiProblems.Codes.ValidationFailed, "orderId", s["Give the shop's order id: 1 to 64 letters, digits or symbols, without spaces."]),
        PurchaseError.NoLines => new(400, ApiProblems.Codes.ValidationFailed, "lines", s["A purchase needs at least one line."]),
        PurchaseError.TooManyLines => new(400, ApiProblems.Codes.ValidationFailed, "lines", s["A purchase can have at most 200 lines."]),
        PurchaseError.InvalidLine => new(400, ApiProblems.Codes.ValidationFailed, "lines", s["Each line needs a category, a quantity of at least 1 and an amount of 0 or more in minor units."]),
        PurchaseError.InvalidOccurredAt => new(400, ApiProblems.Codes.ValidationFailed, "occurredAt", s["Give when the purchase happened; it cannot be in the future."]),
        PurchaseError.WrongCurrency => new(400, ApiProblems.Codes.ValidationFailed, "currency", s["This currency is not the programme's currency."]),
        PurchaseError.InvalidOfferCode => new(400, ApiProblems.Codes.ValidationFailed, "offerCode", s["The offer code is too long."]),
        PurchaseError.OrderIdConflict => new(409, ApiProblems.Codes.OrderIdConflict, null, s["This order id was already used for a different purchase."]),
        PurchaseError.OrderNotFound => new(404, ApiProblems.Codes.OrderNotFound, null, s["No purchase has this order id."]),
        PurchaseError.InvalidRefundId => new(400, ApiProblems.Codes.ValidationFailed, "refundId", s["Give the shop's refund id: 1 to 64 letters, digits or symbols, without spaces."]),
        PurchaseError.InvalidRefundAmount => new(400, ApiProblems.Codes.ValidationFailed, "amountMinor", s["The refund amount must be more than zero."]),
        PurchaseError.RefundExceedsPurchase => new(422, ApiProblems.Codes.RefundExceedsPurchase, null, s["The refund is more than what is left of the purchase."]),
        PurchaseError.OverLimit => new(422, PurchaseOverLimit, null, s["This purchase is above the limit for integrations; it was refused and our team was told."]),
        PurchaseError.TooOld => new(422, PurchaseTooOld, "occurredAt", s["This purchase is dated too far back for integrations; it was refused and our team was told."]),
        PurchaseError.RefundFromOtherKey => new(403, RefundFromOtherKey, null, s["Only the system that recorded this purchase can refund it; the attempt was refused and our team was told."]),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Refuse<T>(PurchaseError error, IStringLocalizer s)
    {
        var refusal = Describe(error, s);
        if (refusal.Field is not null) return ApiProblems.Validation(new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] });
        return ApiProblems.Problem(refusal.Status, refusal.Code, refusal.Message);
    }

    private static ItemProblem ItemProblem(PurchaseError error, IStringLocalizer s)
    {
        var refusal = Describe(error, s);
        return new ItemProblem(refusal.Status, refusal.Code, refusal.Field is null ? refusal.Message : s["Some values are not valid."],
            refusal.Field is null ? null : new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] });
    }
}

public sealed record PurchaseLineRequest(
    [property: Description("Free text, e.g. \"Grocery\", \"Electronics\".")] string? Category,
    int? Quantity,
    [property: Description("The line's total (not the unit price) in minor units: 4599 is 45.99 SAR.")] long? AmountMinor);

public sealed record PurchaseRequest(
    [property: Description("The customer's ten-digit Customer ID (spaces and dashes are ignored).")] string? CustomerId,
    [property: Description("The shop's order id; the idempotency key.")] string? OrderId,
    [property: Description("When the purchase happened (ISO 8601 with offset).")] DateTimeOffset? OccurredAt,
    PurchaseChannel? Channel,
    IReadOnlyList<PurchaseLineRequest?>? Lines,
    string? OfferCode,
    [property: Description("Optional; must be the programme's currency (SAR by default).")] string? Currency);

public sealed record PurchaseResponse(
    string OrderId,
    string CustomerId,
    long TotalMinor,
    string Currency,
    long PointsEarned,
    [property: Description("When the points become spendable (UTC); until then they are pending.")] DateTime PointsActiveFrom,
    long RefundedMinor,
    long PointsReversed,
    DateTime RecordedAt,
    [property: Description("What the offer code took off, in minor units; points are earned on TotalMinor less this.")] long DiscountMinor,
    [property: Description("For a purchase with an offerCode: applied, or why not (not_found, not_yours, expired, already_used, min_spend_not_met, wrong_category, held for a code held for a security check, cancelled).")] string? OfferOutcome)
{
    public static PurchaseResponse From(PurchaseReceipt r) =>
        new(r.OrderId, r.CustomerId, r.TotalMinor, r.Currency, r.PointsEarned, r.PointsActiveFromUtc, r.RefundedMinor, r.PointsReversed, r.RecordedAtUtc,
            r.DiscountMinor, r.OfferOutcome);
}

public sealed record BatchRequest([property: MaxLength(PurchaseRules.MaxBatch)] IReadOnlyList<PurchaseRequest?>? Purchases);

public enum BatchItemStatus { Recorded, Duplicate, Rejected }

public sealed record ItemProblem(int Status, string Code, string Title, IDictionary<string, string[]>? Errors);

public sealed record BatchItemResult(int Index, string? OrderId, BatchItemStatus Status, PurchaseResponse? Purchase, ItemProblem? Problem);

public sealed record BatchResponse(int Recorded, int Duplicates, int Rejected, IReadOnlyList<BatchItemResult> Results);

public sealed record RefundRequest(
    [property: Description("The shop's return id; the idempotency key (or send it as Idempotency-Key).")] string? RefundId,
    [property: Description("Minor units; leave out to refund the rest of the purchase.")] long? AmountMinor);

public sealed record RefundResponse(string OrderId, string RefundId, long AmountMinor, long PointsReversed, PurchaseResponse Purchase);
