using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Notifications.Sms;
using Portal.Shell;

namespace Portal.Notifications.Phone;

/// <summary>A phone verification answer: its HTTP status and stable API code, and the words the page shows.</summary>
public sealed record PhoneAnswer(int Status, string Code, string Text, bool IsError);

/// <summary>Every answer phone verification gives, worded once for the page and the API, in the reader's language.</summary>
public static class PhoneText
{
    /// <summary>Values of the API's problem <c>code</c>: add, never rename.</summary>
    public static class Codes
    {
        public const string InvalidPhoneNumber = "invalid_phone_number";
        public const string CodeRequestedTooSoon = "code_requested_too_soon";
        public const string TooManyCodes = "too_many_codes";
        public const string VerificationLocked = "phone_verification_locked";
        public const string NoCodePending = "no_code_pending";
        public const string CodeExpired = "code_expired";
        public const string WrongCode = "wrong_code";
        public const string MalformedCode = "malformed_code";
        public const string SmsSendFailed = "sms_send_failed";
        public const string Busy = "try_again";
    }

    public static PhoneAnswer Describe(this IStringLocalizer s, PhoneVerificationResult result, TimeZoneInfo zone) => result.Outcome switch
    {
        PhoneVerificationOutcome.CodeSent => new(200, "code_sent",
            s["We sent a 6-digit code to {0}. It works until {1}.", Shown(result.PhoneNumber), LocalTime(result.ExpiresAtUtc, zone)], false),
        PhoneVerificationOutcome.Verified => new(200, "verified", s["Your phone number {0} is verified.", Shown(result.PhoneNumber)], false),
        PhoneVerificationOutcome.AlreadyVerified => new(200, "already_verified", s["{0} is already your verified number.", Shown(result.PhoneNumber)], false),
        PhoneVerificationOutcome.InvalidNumber => new(400, Codes.InvalidPhoneNumber,
            s["Enter a mobile number we can text, such as 05x xxx xxxx or +966 5x xxx xxxx."], true),
        PhoneVerificationOutcome.TooSoon => new(429, Codes.CodeRequestedTooSoon,
            s["A code was sent less than a minute ago. You can ask for a new one at {0}.", LocalTime(result.RetryAtUtc, zone)], true),
        PhoneVerificationOutcome.TooManyCodes => new(429, Codes.TooManyCodes,
            s["You have asked for too many codes this hour. You can ask again at {0}.", LocalTime(result.RetryAtUtc, zone)], true),
        PhoneVerificationOutcome.Locked => new(423, Codes.VerificationLocked,
            s["Too many wrong codes. Phone verification is locked until {0}.", LocalTime(result.RetryAtUtc, zone)], true),
        PhoneVerificationOutcome.NoCodePending => new(409, Codes.NoCodePending, s["There is no code waiting. Ask for a new code."], true),
        PhoneVerificationOutcome.Expired => new(410, Codes.CodeExpired, s["This code has expired. Ask for a new code."], true),
        PhoneVerificationOutcome.WrongCode => new(422, Codes.WrongCode, s.Plural("That code is not right. {0} tries left.", result.AttemptsLeft), true),
        PhoneVerificationOutcome.MalformedCode => new(400, Codes.MalformedCode, s["Enter the 6-digit code from the text message."], true),
        PhoneVerificationOutcome.SendFailed => new(503, Codes.SmsSendFailed, s["We could not send the text message. Please try again in a minute."], true),
        _ => new(409, Codes.Busy, s["Something else changed at the same moment. Please try again."], true),
    };

    /// <summary>"14:05" in the customer's zone.</summary>
    public static string LocalTime(DateTime? utc, TimeZoneInfo zone) => utc is { } u
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(u, DateTimeKind.Utc), zone).ToString("HH:mm", CultureInfo.InvariantCulture)
        : "";

    /// <summary>The masked number as a left-to-right island inside a sentence of either direction.</summary>
    public static string Shown(string? phone) => "\u2066" + PhoneNumbers.Mask(phone) + "\u2069";
}
