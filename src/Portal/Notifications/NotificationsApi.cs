using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Notifications;

/// <summary>The signed-in customer's notification preferences, delivery history and in-app inbox.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder secured)
    {
        var group = secured.MapGroup("/notifications").WithTags("Notifications");

        group.MapGet("/preferences", async (HttpContext http, NotificationPreferences preferences, CustomerTimeZones zones,
                Microsoft.AspNetCore.Identity.UserManager<PortalUser> users, IEnumerable<INotificationChannel> channels, CancellationToken ct) =>
                TypedResults.Ok(await PreferencesResponse.ForAsync(http, preferences, zones, users, channels, ct)))
            .WithName("GetNotificationPreferences")
            .WithSummary("Every topic on every available channel (defaults filled in), frequencies and quiet hours.");

        group.MapPut("/preferences", async Task<Results<Ok<PreferencesResponse>, ValidationProblem>> (HttpContext http, PreferencesUpdate update,
                NotificationPreferences preferences, CustomerTimeZones zones, Microsoft.AspNetCore.Identity.UserManager<PortalUser> users,
                IEnumerable<INotificationChannel> channels, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                foreach (var (topic, i) in (update.Topics ?? []).Select((t, i) => (t, i)))
                {
                    if (NotificationTopics.IsCritical(topic.Topic) && (topic.Channels ?? []).Any(c => !c.Enabled))
                        errors[$"topics[{i}].channels"] = [s["Security messages are always sent and cannot be turned off."]];
                    if (NotificationTopics.IsCritical(topic.Topic) && topic.Frequency is { } f && f != NotificationFrequency.Instant)
                        errors[$"topics[{i}].frequency"] = [s["Security messages are always sent at once."]];
                }
                if (update.QuietHours is { Enabled: true } q && (q.Start is null || q.End is null || q.Start == q.End))
                    errors["quietHours"] = [s["Give quiet hours a start and an end that differ."]];
                if (errors.Count > 0) return ApiProblems.Validation(errors);

                var id = http.User.UserId();
                foreach (var topic in update.Topics ?? [])
                {
                    if (NotificationTopics.IsCritical(topic.Topic)) continue;
                    foreach (var channel in topic.Channels ?? [])
                        await preferences.SetAsync(id, topic.Topic, channel.Channel, channel.Enabled, NotificationPreferences.SourceApi, ct);
                    if (topic.Frequency is { } frequency) await preferences.SetFrequencyAsync(id, topic.Topic, frequency, ct);
                }
                if (update.QuietHours is { } quiet)
                    await preferences.SetQuietHoursAsync(id, quiet.Enabled ? new QuietHours(quiet.Start!.Value, quiet.End!.Value) : null, ct);
                return TypedResults.Ok(await PreferencesResponse.ForAsync(http, preferences, zones, users, channels, ct));
            })
            .WithName("UpdateNotificationPreferences")
            .WithSummary("Changes only what the body names: channels per topic, a topic's frequency, quiet hours.")
            .WithDescription("Turning on Offers records marketing consent with the time and source \"api\". Security is always on. Safe to repeat.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapGet("/history", async Task<Results<Ok<HistoryResponse>, ValidationProblem>> (HttpContext http, NotificationInbox inbox,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake,
                [Description("Only this topic.")] NotificationTopic? topic = null,
                [Description("Only this channel.")] NotificationChannel? channel = null,
                [Description("Only this status: InDigest went out inside a digest email (sentAtUtc is the digest's), WaitingForDigest waits for the next one.")] DeliveryStatus? status = null) =>
            {
                if (ApiPaging.Check(take, s) is { } problem) return problem;
                // Names that are not members fail binding (400); numbers bind, so they are checked here.
                var errors = new Dictionary<string, string[]>();
                if (topic is { } t && !Enum.IsDefined(t)) errors["topic"] = [s["Unknown topic: use one of {0}.", string.Join(", ", Enum.GetNames<NotificationTopic>())]];
                if (channel is { } c && !Enum.IsDefined(c)) errors["channel"] = [s["Unknown channel: use one of {0}.", string.Join(", ", Enum.GetNames<NotificationChannel>())]];
                if (status is { } st && !Enum.IsDefined(st)) errors["status"] = [s["Unknown status: use one of {0}.", string.Join(", ", Enum.GetNames<DeliveryStatus>())]];
                if (errors.Count > 0) return ApiProblems.Validation(errors);
                var fetched = await inbox.HistoryBeforeAsync(http.User.UserId(), before, take + 1, topic, channel, status, ct);
                var page = ApiPaging.Of(fetched, take, h => h.DeliveryId);
                return TypedResults.Ok(new HistoryResponse(page.Items.Select(HistoryEntry.From).ToList(), page.NextBefore));
            })
            .WithName("GetNotificationHistory")
            .WithSummary("Every delivery of every notification, newest first, with its channel, status and reason; paged and filterable.")
            .WithDescription("An unknown topic, channel or status is a 400 validation problem.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapGet("/inbox", async Task<Results<Ok<InboxResponse>, ValidationProblem>> (HttpContext http, NotificationInbox inbox,
                IStringLocalizer<SharedResource> s, CancellationToken ct,
                [Description(ApiPaging.BeforeDescription)] long? before = null,
                [Description(ApiPaging.TakeDescription)] int take = ApiPaging.DefaultTake,
                bool unreadOnly = false) =>
            {
                if (ApiPaging.Check(take, s) is { } problem) return problem;
                var id = http.User.UserId();
                var page = ApiPaging.Of(await inbox.InboxBeforeAsync(id, before, take + 1, unreadOnly, ct), take, i => i.Id);
                return TypedResults.Ok(new InboxResponse(page.Items.Select(InboxEntry.From).ToList(), await inbox.UnreadCountAsync(id, ct), page.NextBefore));
            })
            .WithName("GetNotificationInbox")
            .WithSummary("The in-app inbox (what reached the bell), newest first, with the unread count.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapPost("/inbox/{id:long}/read", async Task<Results<NoContent, ProblemHttpResult>> (long id, HttpContext http, NotificationInbox inbox, CancellationToken ct) =>
                await inbox.MarkReadAsync(http.User.UserId(), id, ct)
                    ? TypedResults.NoContent()
                    : ApiProblems.Problem(StatusCodes.Status404NotFound, ApiProblems.Codes.NotFound, "Not found"))
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one notification read. Safe to repeat.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPost("/inbox/read-all", async (HttpContext http, NotificationInbox inbox, CancellationToken ct) =>
                TypedResults.Ok(new MarkedResponse(await inbox.MarkAllReadAsync(http.User.UserId(), ct))))
            .WithName("MarkAllNotificationsRead")
            .WithSummary("Marks every notification read; returns how many were unread. Safe to repeat.");
        return secured;
    }

}

public sealed record ChannelPreference(NotificationChannel Channel, bool Enabled,
    [property: Description("Security: always on.")] bool Locked = false,
    [property: Description("No choice made yet: the default.")] bool IsDefault = false,
    [property: Description("Marketing: when the customer last opted in.")] DateTime? ConsentAtUtc = null);

public sealed record TopicPreference(NotificationTopic Topic, NotificationFrequency? Frequency, IReadOnlyList<ChannelPreference>? Channels);

public sealed record QuietHoursSetting(bool Enabled,
    [property: Description("Local time in the customer's zone, \"22:00\".")] TimeOnly? Start,
    [property: Description("Local time, exclusive, \"07:00\".")] TimeOnly? End);

public sealed record PreferencesUpdate(IReadOnlyList<TopicPreference>? Topics, QuietHoursSetting? QuietHours);

public sealed record PreferencesResponse(IReadOnlyList<TopicPreference> Topics, QuietHoursSetting QuietHours,
    [property: Description("IANA id quiet hours are read in.")] string TimeZone)
{
    internal static async Task<PreferencesResponse> ForAsync(HttpContext http, NotificationPreferences preferences, CustomerTimeZones zones,
        Microsoft.AspNetCore.Identity.UserManager<PortalUser> users, IEnumerable<INotificationChannel> channels, CancellationToken ct)
    {
        var id = http.User.UserId();
        var settings = await preferences.ForAsync(id, ct);
        var available = channels.Select(c => c.Channel).ToHashSet();
        var user = await users.FindByIdAsync(id);
        return new PreferencesResponse(
            settings.Topics.Select(t => new TopicPreference(t.Topic, t.Frequency, t.Channels.Where(c => available.Contains(c.Channel))
                .Select(c => new ChannelPreference(c.Channel, c.Enabled, c.Locked, c.IsDefault, c.ConsentAtUtc)).ToList())).ToList(),
            new QuietHoursSetting(settings.QuietHours is not null, settings.QuietHours?.Start, settings.QuietHours?.End),
            user is null ? zones.Business.Id : zones.For(user).Id);
    }
}

public sealed record HistoryEntry(long Id, long NotificationId, NotificationTopic Topic, NotificationChannel Channel, DeliveryStatus Status,
    [property: Description("Why it was suppressed or failed: preference, no-confirmed-email, send-failed…")] string? Reason,
    string Title,
    [property: Description("\"en\" or \"ar\": the language the title is in.")] string Language,
    int Attempts, DateTime CreatedAtUtc, DateTime? SentAtUtc,
    [property: Description("When a waiting or retried delivery is next due.")] DateTime? NextAttemptAtUtc)
{
    public static HistoryEntry From(HistoryItem h) =>
        new(h.DeliveryId, h.NotificationId, h.Topic, h.Channel, h.Status, h.Reason, h.Title, h.Language, h.Attempts, h.CreatedAtUtc, h.SentAtUtc, h.NextAttemptAtUtc);
}

public sealed record HistoryResponse(IReadOnlyList<HistoryEntry> Items,
    [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public sealed record InboxEntry(long Id, NotificationTopic Topic, string Title, string Body,
    [property: Description("A portal path, e.g. \"/tickets/12\".")] string? Link,
    [property: Description("\"en\" or \"ar\": the language the text is in.")] string Language,
    DateTime CreatedAtUtc, DateTime? ReadAtUtc)
{
    public static InboxEntry From(InboxItem i) => new(i.Id, i.Topic, i.Title, i.Body, i.Link, i.Language, i.CreatedAtUtc, i.ReadAtUtc);
}

public sealed record InboxResponse(IReadOnlyList<InboxEntry> Items, int Unread,
    [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore);

public sealed record MarkedResponse(int Marked);
