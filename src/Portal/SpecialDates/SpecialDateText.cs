using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.SpecialDates;
using Portal.Shell;

namespace Portal.SpecialDates;

public static class SpecialDateText
{
    public static string KindName(this IStringLocalizer s, SpecialDateKind kind) => kind switch
    {
        SpecialDateKind.Birthday => s["Birthday"],
        SpecialDateKind.Membership => s["Membership anniversary"],
        SpecialDateKind.Wedding => s["Wedding anniversary"],
        _ => kind.ToString(),
    };

    public static string Date(DateOnly date) => Shell.Formats.LongDate(date);

    public static string DayAndMonth(DateOnly date) => date.ToString("d MMMM", CultureInfo.CurrentCulture);

    public static string Countdown(this IStringLocalizer s, int days) => days switch
    {
        0 => s["Today!"],
        1 => s["Tomorrow"],
        _ => s.Plural("In {0} days", days),
    };

    public static string RewardText(this IStringLocalizer s, SpecialDateRewardType type, long points) =>
        type == SpecialDateRewardType.Offer ? s["A special offer"] : s.Plural("{0} points", points);

    public static string ClaimError(this IStringLocalizer s, SpecialDateError error) => error switch
    {
        SpecialDateError.NotYet => s["This reward opens later."],
        SpecialDateError.Expired => s["This reward has expired."],
        SpecialDateError.OfferUnavailable => s["This offer cannot be claimed at the moment. Please try again later."],
        _ => s["This reward is no longer available."],
    };

    public const string RewardNotFoundCode = "reward_not_found";
    public const string RewardExpiredCode = "reward_expired";
    public const string RewardNotYetCode = "reward_not_yet_available";
    public const string OfferUnavailableCode = "offer_unavailable";

    public static (int Status, string Code) Problem(SpecialDateError error) => error switch
    {
        SpecialDateError.NotFound => (StatusCodes.Status404NotFound, RewardNotFoundCode),
        SpecialDateError.NotYet => (StatusCodes.Status409Conflict, RewardNotYetCode),
        SpecialDateError.Expired => (StatusCodes.Status409Conflict, RewardExpiredCode),
        _ => (StatusCodes.Status503ServiceUnavailable, OfferUnavailableCode),
    };

    public static string DatesError(this IStringLocalizer s, DatesProblem p) => p.Error switch
    {
        Core.SpecialDates.DatesError.BirthdayNotPlausible => s["Enter a real birth date: not in the future and not more than 120 years ago."],
        Core.SpecialDates.DatesError.WeddingNotPlausible => s["Enter a real wedding date: not in the future and not more than 120 years ago."],
        Core.SpecialDates.DatesError.BirthdayChangeTooSoon => s["Your birthday can be changed once a year. You can change it again from {0}.", Shell.Formats.LongDate(p.AllowedFromUtc!.Value)],
        Core.SpecialDates.DatesError.WeddingChangeTooSoon => s["Your wedding anniversary can be changed once a year. You can change it again from {0}.", Shell.Formats.LongDate(p.AllowedFromUtc!.Value)],
        _ => s["Your dates could not be saved. Please try again."],
    };
}
