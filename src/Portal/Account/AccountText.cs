using Microsoft.Extensions.Localization;
using Portal.Core.Account;

namespace Portal.Account;

/// <summary>The words for what the account services answer, in the request's language.</summary>
public static class AccountText
{
    public static string ProfileError(this IStringLocalizer s, ProfileError e) => e.Problem switch
    {
        ProfileProblem.NameMissing => s["Enter your name."],
        ProfileProblem.NameTooLong => s["Names can be at most {0} characters.", Core.Customers.ProfileRules.MaxDisplayNameLength],
        ProfileProblem.PhoneNotPlausible => s["Enter a phone number of 7 to 20 digits, spaces, + or -."],
        ProfileProblem.BirthDateNotPlausible => s["Enter a real birth date: not in the future and not more than 120 years ago."],
        ProfileProblem.BirthdayChangeTooSoon => s["Your birthday can be changed once a year. You can change it again from {0}.", Shell.Formats.LongDate(e.AllowedFromUtc!.Value)],
        ProfileProblem.LanguageNotSupported => s["Choose a language."],
        ProfileProblem.TimeZoneUnknown => s["Choose a time zone from the list."],
        _ => s["Your details could not be saved. Please try again."],
    };

    public static string EmailError(this IStringLocalizer s, EmailChangeProblem p) => p switch
    {
        EmailChangeProblem.WrongPassword => s["That password is not right."],
        EmailChangeProblem.SameEmail => s["That is already your email address."],
        _ => s["Enter a valid email address."],
    };

    public static string DeletionError(this IStringLocalizer s, DeletionProblem p) => p switch
    {
        DeletionProblem.WrongPassword => s["That password is not right."],
        DeletionProblem.TwoFactorCodeRequired => s["Enter the code from your authenticator app."],
        _ => s["That code is not correct. Check the time on your phone and try the newest code."],
    };

    /// <summary>Zones offered in the list; any other valid IANA id already on the account is shown too.</summary>
    public static readonly IReadOnlyList<string> TimeZones =
    [
        "Asia/Riyadh", "Asia/Dubai", "Asia/Qatar", "Asia/Bahrain", "Asia/Kuwait", "Asia/Muscat", "Asia/Amman", "Asia/Beirut",
        "Africa/Cairo", "Africa/Casablanca", "Europe/Istanbul", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
        "Asia/Karachi", "Asia/Kolkata", "Asia/Manila", "Asia/Jakarta", "America/New_York", "America/Los_Angeles", "UTC",
    ];
}
