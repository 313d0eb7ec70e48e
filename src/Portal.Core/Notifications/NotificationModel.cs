namespace Portal.Core.Notifications;

/// <summary>What a message is about; each topic has its own preferences and frequency.</summary>
public enum NotificationTopic { Offers, PointsRewards, SpecialDates, Tickets, Security }

public enum NotificationChannel { Email, Sms, Push, InApp }

/// <summary>How often a topic's email arrives. Digests gather waiting deliveries per period (NotificationDigests).</summary>
public enum NotificationFrequency { Instant, Daily, Weekly }

public enum DeliveryStatus
{
    /// <summary>Due at <see cref="NotificationDelivery.NextAttemptAtUtc"/> (first try or a retry).</summary>
    Pending,
    WaitingForQuietHours,
    WaitingForDigest,
    Sent,
    /// <summary>Gave up after the last retry.</summary>
    Failed,
    /// <summary>Not sent on purpose: see <see cref="NotificationDelivery.Reason"/> (preference, no address).</summary>
    Suppressed,
    /// <summary>Sent as one item of a digest email, at <see cref="NotificationDelivery.SentAtUtc"/>.</summary>
    InDigest,
}

/// <summary>Why a delivery was suppressed or failed; stored as text, shown translated in the history.</summary>
public static class DeliveryReasons
{
    public const string Preference = "preference";
    public const string NoConfirmedEmail = "no-confirmed-email";
    public const string NoVerifiedPhone = "no-verified-phone";
    public const string AccountGone = "account-gone";
    public const string SendFailed = "send-failed";
    /// <summary>Account mail that no longer applies when its turn came (the address was confirmed meanwhile).</summary>
    public const string NoLongerNeeded = "no-longer-needed";
    public const string NoPushSubscription = "no-push-subscription";
}

/// <summary>The fixed facts of each topic: what is critical, what is marketing, and the defaults customers start from.</summary>
public static class NotificationTopics
{
    public static readonly IReadOnlyList<NotificationTopic> All = Enum.GetValues<NotificationTopic>();
    public static readonly IReadOnlyList<NotificationChannel> Channels = Enum.GetValues<NotificationChannel>();

    /// <summary>Always delivered on every channel, never held for quiet hours or digests; shown locked on.</summary>
    public static bool IsCritical(NotificationTopic topic) => topic == NotificationTopic.Security;

    /// <summary>Off until the customer opts in; the opt-in is recorded as consent.</summary>
    public static bool IsMarketing(NotificationTopic topic) => topic == NotificationTopic.Offers;

    /// <summary>
    /// Where a customer starts: service messages by email and in the app, marketing nowhere, SMS and push off until
    /// the customer turns them on (they need a verified phone or a browser subscription first).
    /// </summary>
    public static bool DefaultEnabled(NotificationTopic topic, NotificationChannel channel) =>
        IsCritical(topic)
        || (!IsMarketing(topic) && channel is NotificationChannel.Email or NotificationChannel.InApp);

    /// <summary>Quiet hours hold what makes a sound or lands in a mailbox; the bell is silent, so in-app is never held.</summary>
    public static bool RespectsQuietHours(NotificationChannel channel) => channel != NotificationChannel.InApp;

    /// <summary>Digests are emails; other channels are instant.</summary>
    public static bool CanDigest(NotificationChannel channel) => channel == NotificationChannel.Email;
}

/// <summary>
/// A daily quiet window in the customer's local time, [Start, End): 22:00–07:00 holds 22:00 up to 06:59:59.
/// Start equal to End means none.
/// </summary>
public readonly record struct QuietHours(TimeOnly Start, TimeOnly End)
{
    public static readonly QuietHours Suggested = new(new TimeOnly(22, 0), new TimeOnly(7, 0));

    public bool IsEmpty => Start == End;

    public bool Contains(TimeOnly local) =>
        !IsEmpty && (Start < End ? local >= Start && local < End : local >= Start || local < End);

    /// <summary>
    /// When the quiet window around <paramref name="utcNow"/> ends, in UTC; null when <paramref name="utcNow"/> is
    /// not quiet. Local times that do not exist (a daylight-saving gap) move to the first valid minute after.
    /// </summary>
    public DateTime? EndsAfter(DateTime utcNow, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        if (!Contains(TimeOnly.FromDateTime(local))) return null;
        var endDate = DateOnly.FromDateTime(local);
        if (TimeOnly.FromDateTime(local) >= End) endDate = endDate.AddDays(1);
        var end = endDate.ToDateTime(End, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(end)) end = end.AddMinutes(1);
        return TimeZoneInfo.ConvertTimeToUtc(end, zone);
    }
}

/// <summary>The account mail templates (<see cref="Notification.Template"/>).</summary>
public static class AccountEmails
{
    public const string ConfirmEmail = "account:confirm-email";
    public const string ResetPassword = "account:reset-password";
}
