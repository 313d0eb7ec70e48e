using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Loyalty;
using Portal.Segments;
using Portal.Shell;

namespace Portal.Offers;

/// <summary>The one wording of offers, their reasons and refusals, for the pages and the API.</summary>
public static class OfferText
{
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static string Benefit(this IStringLocalizer s, Offer offer, string currency) => offer.Kind switch
    {
        OfferKind.PercentOff => s["{0}% off", Formats.Number(offer.Value)],
        OfferKind.AmountOff => s["{0} off", Formats.Money(offer.Value, currency)],
        OfferKind.PointsMultiplier => s["{0}× points", Formats.Number(offer.Value)],
        _ => s["Free reward"],
    };

    public static string Reason(this IStringLocalizer s, OfferReason r) => r.Kind switch
    {
        OfferReasonKind.CategoryShare => s["You often buy {0} — {1}% of your spending in the last 12 months", r.Category!, Formats.Number(r.Percent)],
        OfferReasonKind.RecentPurchase when r.Category is { } c => r.Days < 1
            ? s["You bought {0} today", c]
            : s["You bought {0} {1} ago", c, s.Plural("{0} days", r.Days)],
        OfferReasonKind.RecentPurchase => s["You shopped with us recently"],
        OfferReasonKind.SegmentMatch => s["Picked for {0} customers like you", s.SegmentName(Enum.Parse<Core.Segments.Segment>(r.Target!))],
        OfferReasonKind.TierMatch => s.MemberOffer(Enum.Parse<Tier>(r.Target!)),
        OfferReasonKind.ExpiresSoon => r.Days <= 1 ? s["Ends within a day"] : s["Ends in {0}", s.Plural("{0} days", r.Days)],
        OfferReasonKind.AnyCategory => s["Works on anything you buy"],
        _ => s["Something new to try: {0}", r.Category ?? ""],
    };

    /// <summary>The reason as HTML, the category (data, in English) isolated left to right.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent ReasonHtml(this IStringLocalizer s, OfferReason r)
    {
        const string Marker = "\uE000";
        var text = System.Net.WebUtility.HtmlEncode(s.Reason(r with { Category = r.Category is null ? null : Marker }));
        if (r.Category is { } category)
            text = text.Replace(Marker, $"<bdi dir=\"ltr\">{System.Net.WebUtility.HtmlEncode(category)}</bdi>");
        return new Microsoft.AspNetCore.Html.HtmlString(text);
    }

    /// <summary>"Ends in 3 days" / "Ends in 5 hours": the countdown, from the server's clock at render time.</summary>
    public static string Countdown(this IStringLocalizer s, DateTime untilUtc, DateTime nowUtc)
    {
        var left = untilUtc - nowUtc;
        if (left <= TimeSpan.Zero) return s["Ended"];
        if (left.TotalHours < 1) return s["Ends in {0}", s.Plural("{0} minutes", Math.Max(1, (long)left.TotalMinutes))];
        if (left.TotalDays < 2) return s["Ends in {0}", s.Plural("{0} hours", (long)left.TotalHours)];
        return s["Ends in {0}", s.Plural("{0} days", (long)left.TotalDays)];
    }

    public static string StatusName(this IStringLocalizer s, ActivationStatus status) => status switch
    {
        ActivationStatus.Activated => s["Ready to use"],
        ActivationStatus.Redeemed => s["Used"],
        ActivationStatus.Held => s["Held for a security check"],
        ActivationStatus.Cancelled => s["Cancelled"],
        _ => s["Expired"],
    };

    public static LoyaltyProblem ActivateProblem(this IStringLocalizer s, OfferError error) => error switch
    {
        OfferError.NotFound => new(404, "offer_not_found", s["This offer is no longer available."]),
        OfferError.NotForYou => new(403, "offer_not_for_you", s["This offer is for other customers."]),
        OfferError.Ended => new(422, "offer_ended", s["This offer has ended."]),
        OfferError.LimitReached => new(409, "offer_limit_reached", s["You have already used this offer as often as it allows."]),
        _ => new(409, "offer_budget_exhausted", s["Sorry, this offer has run out."]),
    };
}
