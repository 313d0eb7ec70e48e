using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Notifications;

namespace Portal.Notifications;

/// <summary>Notification words in the reader's language: topics, channels, frequencies, statuses and reasons.</summary>
public static class NotificationText
{
    public static string TopicName(this IStringLocalizer s, NotificationTopic topic) => topic switch
    {
        NotificationTopic.Offers => s["Offers and promotions"],
        NotificationTopic.PointsRewards => s["Points and rewards"],
        NotificationTopic.SpecialDates => s["Special dates"],
        NotificationTopic.Tickets => s["Tickets and support"],
        _ => s["Security"],
    };

    public static string TopicHint(this IStringLocalizer s, NotificationTopic topic) => topic switch
    {
        NotificationTopic.Offers => s["Deals and news. Off until you turn it on."],
        NotificationTopic.PointsRewards => s["Points earned or expiring, tier changes, rewards and referrals."],
        NotificationTopic.SpecialDates => s["Your birthday and membership anniversary."],
        NotificationTopic.Tickets => s["Replies from support and tickets resolved or closed."],
        _ => s["Password and sign-in changes. Always on, so you know when your account changes."],
    };

    public static string ChannelName(this IStringLocalizer s, NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => s["Email"],
        NotificationChannel.Sms => s["SMS"],
        NotificationChannel.Push => s["Browser"],
        _ => s["In the app"],
    };

    public static string FrequencyName(this IStringLocalizer s, NotificationFrequency frequency) => frequency switch
    {
        NotificationFrequency.Daily => s["Daily digest"],
        NotificationFrequency.Weekly => s["Weekly digest"],
        _ => s["Right away"],
    };

    public static string StatusName(this IStringLocalizer s, DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => s["Sending"],
        DeliveryStatus.WaitingForQuietHours => s["Waiting for quiet hours to end"],
        DeliveryStatus.WaitingForDigest => s["Waiting for your digest"],
        DeliveryStatus.Sent => s["Sent"],
        DeliveryStatus.Failed => s["Failed"],
        DeliveryStatus.InDigest => s["In a digest"],
        _ => s["Not sent"],
    };

    public static string? ReasonText(this IStringLocalizer s, string? reason) => reason switch
    {
        null => null,
        DeliveryReasons.Preference => s["Turned off in your settings"],
        DeliveryReasons.NoConfirmedEmail => s["Your email address is not confirmed"],
        DeliveryReasons.NoVerifiedPhone => s["You have no verified phone number"],
        DeliveryReasons.SendFailed => s["We could not deliver it after several tries"],
        DeliveryReasons.AccountGone => s["The account was closed"],
        DeliveryReasons.NoLongerNeeded => s["No longer needed when its turn came"],
        DeliveryReasons.NoPushSubscription => s["No browser is set up to show notifications"],
        _ => reason,
    };

    /// <summary>How one attempt ended, told with what came after it (<paramref name="attempts"/> are the delivery's, in order).</summary>
    public static string AttemptOutcomeText(this IStringLocalizer s, AttemptItem attempt, HistoryItem delivery, IReadOnlyList<AttemptItem> attempts)
    {
        var last = attempt.Number >= attempts[^1].Number;
        var goingOn = last && delivery.Status == DeliveryStatus.Pending;
        return attempt.Outcome switch
        {
            AttemptOutcome.Sent => s["Sent"],
            AttemptOutcome.Suppressed => s["Not sent"],
            AttemptOutcome.Failed when goingOn => s["Failed, will try again"],
            AttemptOutcome.Failed when !last => s["Failed, tried again"],
            AttemptOutcome.Failed => s["Failed"],
            _ when goingOn => s["Sending"],
            _ => s["Interrupted, tried again"],
        };
    }

    public static string StatusBadge(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sent or DeliveryStatus.InDigest => "bg-ok-soft text-ok",
        DeliveryStatus.Failed => "bg-danger-soft text-danger",
        _ => "bg-surface-2 text-fg",
    };

    /// <summary>"1 Dec 2026, 22:00" in the reader's zone and language.</summary>
    public static string LocalTime(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
