using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Security;
using Portal.Shell;

namespace Portal.Security;

/// <summary>Readable words for sessions and activity, in the request's language.</summary>
public static class SecurityText
{
    public static string Device(IStringLocalizer s, string? userAgent, bool app)
    {
        var device = UserAgents.Describe(userAgent);
        return device switch
        {
            { Browser: { } b, System: { } os } => s["{0} on {1}", b, os],
            { Browser: { } b } => b,
            { System: { } os } => app ? s["App on {0}", os] : s["Browser on {0}", os],
            _ => app ? s["An app"] : s["Unknown device"],
        };
    }

    public static string When(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    public static string Activity(IStringLocalizer s, ActivityItem item) => item.Kind switch
    {
        ActivityKind.SignedIn or ActivityKind.SignedInNewDevice => (item.App, item.Method) switch
        {
            (true, _) => s["Signed in to the app"],
            (_, SignInMethods.TwoFactor) => s["Signed in with two-step verification"],
            (_, SignInMethods.RecoveryCode) => s["Signed in with a recovery code"],
            (_, SignInMethods.Password) => s["Signed in with your password"],
            _ => s["Signed in"],
        },
        ActivityKind.SignInFailed => item.Reason switch
        {
            "locked_out" => s["Sign-in refused: account locked"],
            "not_allowed" => s["Sign-in refused"],
            _ => s["Failed sign-in: wrong password"],
        },
        ActivityKind.PasswordChanged => s["Password changed"],
        ActivityKind.EmailChangeRequested => s["Email change requested"],
        ActivityKind.TwoFactorOn => s["Two-step verification turned on"],
        ActivityKind.TwoFactorOff => s["Two-step verification turned off"],
        ActivityKind.RecoveryCodeUsed => s["Recovery code used"],
        ActivityKind.LockedOut => s["Account locked after too many wrong passwords"],
        ActivityKind.RefreshTokenReused => s["An old app sign-in was used again: that app was signed out"],
        ActivityKind.SessionsEnded => item.Reason switch
        {
            SessionEndReasons.SignedOutEverywhereElse => s["Signed out of every other device"],
            SessionEndReasons.SignedOutByUser => s["Signed out a device"],
            SessionEndReasons.PasswordChanged => s["Other devices signed out after the password change"],
            SessionEndReasons.Locked => s["Signed out everywhere: the account was locked"],
            SessionEndReasons.LockedOut => s["Signed out everywhere: the account was locked"],
            _ => s["Signed out"],
        },
        ActivityKind.RewardRedeemed => s["Redeemed a reward"],
        _ => "",
    };

    public static string Alert(IStringLocalizer s, AlertKind kind) => kind switch
    {
        AlertKind.FailedSignIns => s["Several wrong passwords in a short time"],
        AlertKind.NewDevice => s["Sign-in from a new device"],
        AlertKind.RedemptionHeld => s["A redemption was held for a security check"],
        AlertKind.RedemptionVelocity => s["Unusually many redemptions in one day"],
        AlertKind.PurchaseOverCap => s["A purchase above the allowed limit was refused"],
        AlertKind.PurchaseBackdated => s["A purchase dated too far back was refused"],
        AlertKind.RefundFromOtherKey => s["A refund from another till system was refused"],
        AlertKind.RewardClaimHeld => s["A reward claim was held for a security check"],
        AlertKind.OfferActivationHeld => s["An offer code was held for a security check"],
        AlertKind.NewCountry => s["Sign-in from a new country"],
        AlertKind.ReferralAbuse => s["A referral looks like it may not be a real friend"],
        _ => s["Security alert"],
    };

    public static string AlertState(IStringLocalizer s, Portal.Core.Security.AlertState state) => state switch
    {
        Portal.Core.Security.AlertState.Open => s["Waiting for your answer"],
        Portal.Core.Security.AlertState.WasCustomer => s["You said this was you"],
        Portal.Core.Security.AlertState.NotCustomer => s["You said this was not you: your account was secured"],
        Portal.Core.Security.AlertState.Confirmed => s["Confirmed by our team"],
        _ => s["Closed by our team"],
    };

    /// <summary>Whether the line is something to look at twice.</summary>
    public static bool IsWarning(ActivityItem item) => item.Kind is ActivityKind.SignInFailed or ActivityKind.LockedOut
        or ActivityKind.RefreshTokenReused or ActivityKind.SignedInNewDevice;
}
