using Microsoft.Extensions.Localization;
using Portal.Core.Referrals;

namespace Portal.Referrals;

public static class ReferralText
{
    public static string StateName(this IStringLocalizer s, ReferralState state) => state switch
    {
        ReferralState.Pending => s["Waiting for a first purchase"],
        ReferralState.Qualified => s["Qualified"],
        ReferralState.Rewarded => s["Rewarded"],
        ReferralState.Expired => s["Expired"],
        ReferralState.UnderReview => s["Under review"],
        ReferralState.Rejected => s["Not rewarded"],
        _ => state.ToString(),
    };

    public static readonly IReadOnlyList<ReferralSignal> AllSignals =
        Enum.GetValues<ReferralSignal>().Where(x => x != ReferralSignal.None).ToList();

    public static string SignalName(this IStringLocalizer s, ReferralSignal signal) => signal switch
    {
        ReferralSignal.SelfAccount => s["Same account"],
        ReferralSignal.SelfEmail => s["Same email as the referrer"],
        ReferralSignal.SelfPhone => s["Same phone as the referrer"],
        ReferralSignal.SelfDevice => s["Same device as the referrer"],
        ReferralSignal.SameIpBurst => s["Many sign-ups from one network"],
        ReferralSignal.ExistingAccount => s["Friend already had an account"],
        ReferralSignal.OverMonthlyCap => s["Referrer over the monthly limit"],
        ReferralSignal.ReferrerIp => s["Same network the referrer signs in from"],
        _ => signal.ToString(),
    };

    public static string Money(long minor, string currency) => Shell.Formats.Money(minor, currency);
}
