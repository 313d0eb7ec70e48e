using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Notifications;

/// <param name="Locked">Critical topics: always on, the customer cannot turn them off.</param>
/// <param name="IsDefault">No choice made yet: the topic's default.</param>
public sealed record ChannelChoice(NotificationTopic Topic, NotificationChannel Channel, bool Enabled, bool Locked, bool IsDefault,
    DateTime? ConsentAtUtc, string? ConsentSource);

public sealed record TopicChoices(NotificationTopic Topic, NotificationFrequency Frequency, IReadOnlyList<ChannelChoice> Channels)
{
    public bool IsCritical => NotificationTopics.IsCritical(Topic);
    public bool IsMarketing => NotificationTopics.IsMarketing(Topic);
    public ChannelChoice this[NotificationChannel channel] => Channels.Single(c => c.Channel == channel);
}

/// <summary>Everything a customer chose, with the defaults filled in.</summary>
public sealed record NotificationSettings(IReadOnlyList<TopicChoices> Topics, QuietHours? QuietHours)
{
    public TopicChoices this[NotificationTopic topic] => Topics.Single(t => t.Topic == topic);

    public bool IsEnabled(NotificationTopic topic, NotificationChannel channel) => this[topic][channel].Enabled;
}

public enum PreferenceError { Locked }

/// <summary>Reads and changes a customer's notification choices. Consent to marketing is recorded with its time and source.</summary>
public sealed class NotificationPreferences(PortalDbContext db, TimeProvider clock)
{
    public const string SourceSettings = "settings";
    public const string SourceApi = "api";
    public const string SourceUnsubscribeLink = "unsubscribe-link";

    // /notifications reads these on every visit: compiled once, so EF skips building and looking them up.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<NotificationPreference>>> PreferencesOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId) => db.Set<NotificationPreference>().AsNoTracking().Where(p => p.CustomerId == customerId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<NotificationTopicSetting>>> FrequenciesOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId) => db.Set<NotificationTopicSetting>().AsNoTracking().Where(s => s.CustomerId == customerId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<NotificationQuietHours?>>> QuietHoursOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) => db.Set<NotificationQuietHours>().AsNoTracking()
            .SingleOrDefault(q => q.CustomerId == customerId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<string?>>> ZoneIdOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) => db.Users.AsNoTracking()
            .Where(u => u.Id == customerId).Select(u => u.TimeZoneId).FirstOrDefault()));

    /// <summary>The customer's stored time zone id (null for none): their quiet hours and digests run in it.</summary>
    public Task<string?> TimeZoneIdAsync(string customerId, CancellationToken ct = default) => ZoneIdOf.For(db)(db, customerId, ct);

    public async Task<NotificationSettings> ForAsync(string customerId, CancellationToken ct = default)
    {
        var preferences = new List<NotificationPreference>();
        await foreach (var p in PreferencesOf.For(db)(db, customerId).WithCancellation(ct)) preferences.Add(p);
        var frequencies = new List<NotificationTopicSetting>();
        await foreach (var f in FrequenciesOf.For(db)(db, customerId).WithCancellation(ct)) frequencies.Add(f);
        var quiet = await QuietHoursOf.For(db)(db, customerId, ct);
        var topics = NotificationTopics.All.Select(topic => new TopicChoices(topic,
            frequencies.SingleOrDefault(f => f.Topic == topic)?.Frequency ?? NotificationFrequency.Instant,
            NotificationTopics.Channels.Select(channel =>
            {
                var locked = NotificationTopics.IsCritical(topic);
                var row = preferences.SingleOrDefault(p => p.Topic == topic && p.Channel == channel);
                var enabled = locked || (row?.Enabled ?? NotificationTopics.DefaultEnabled(topic, channel));
                return new ChannelChoice(topic, channel, enabled, locked, row is null && !locked, row?.ConsentAtUtc, row?.ConsentSource);
            }).ToList())).ToList();
        return new NotificationSettings(topics, quiet is { Window.IsEmpty: false } ? quiet.Window : null);
    }

    /// <summary>Turns one topic on one channel on or off. Saving the same choice again changes nothing.</summary>
    public async Task<PreferenceError?> SetAsync(string customerId, NotificationTopic topic, NotificationChannel channel, bool enabled,
        string source, CancellationToken ct = default)
    {
        if (NotificationTopics.IsCritical(topic)) return PreferenceError.Locked;
        if (await ApplyAsync(customerId, topic, channel, enabled, source, ct)) await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task SetFrequencyAsync(string customerId, NotificationTopic topic, NotificationFrequency frequency, CancellationToken ct = default)
    {
        await ApplyFrequencyAsync(customerId, topic, frequency, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The whole matrix at once (the page's form without script): every channel choice and email frequency given, in one
    /// save, so either all of it is kept or none. Critical topics keep their locked choices.
    /// </summary>
    public async Task SetAllAsync(string customerId, IEnumerable<(NotificationTopic Topic, NotificationChannel Channel, bool Enabled)> choices,
        IEnumerable<(NotificationTopic Topic, NotificationFrequency Frequency)> frequencies, string source, CancellationToken ct = default)
    {
        foreach (var (topic, channel, enabled) in choices)
            if (!NotificationTopics.IsCritical(topic)) await ApplyAsync(customerId, topic, channel, enabled, source, ct);
        foreach (var (topic, frequency) in frequencies)
            if (!NotificationTopics.IsCritical(topic)) await ApplyFrequencyAsync(customerId, topic, frequency, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<bool> ApplyAsync(string customerId, NotificationTopic topic, NotificationChannel channel, bool enabled, string source, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Set<NotificationPreference>().SingleOrDefaultAsync(p => p.CustomerId == customerId && p.Topic == topic && p.Channel == channel, ct);
        if (row is null)
        {
            row = new NotificationPreference { CustomerId = customerId, Topic = topic, Channel = channel, Enabled = NotificationTopics.DefaultEnabled(topic, channel) };
            db.Add(row);
        }
        else if (row.Enabled == enabled) return false;
        if (NotificationTopics.IsMarketing(topic))
        {
            if (enabled) (row.ConsentAtUtc, row.ConsentSource) = (now, Trim(source));
            else if (row.Enabled || row.ConsentAtUtc is not null) (row.WithdrawnAtUtc, row.WithdrawnSource) = (now, Trim(source));
        }
        row.Enabled = enabled;
        row.UpdatedAtUtc = now;
        return true;
    }

    private async Task ApplyFrequencyAsync(string customerId, NotificationTopic topic, NotificationFrequency frequency, CancellationToken ct)
    {
        var row = await db.Set<NotificationTopicSetting>().SingleOrDefaultAsync(s => s.CustomerId == customerId && s.Topic == topic, ct);
        if (row is null) db.Add(row = new NotificationTopicSetting { CustomerId = customerId, Topic = topic });
        row.Frequency = NotificationTopics.IsCritical(topic) ? NotificationFrequency.Instant : frequency;
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>Null (or an empty window) turns quiet hours off.</summary>
    public async Task SetQuietHoursAsync(string customerId, QuietHours? quiet, CancellationToken ct = default)
    {
        var row = await db.Set<NotificationQuietHours>().SingleOrDefaultAsync(q => q.CustomerId == customerId, ct);
        if (quiet is not { IsEmpty: false } window)
        {
            if (row is not null) db.Remove(row);
        }
        else
        {
            if (row is null) db.Add(row = new NotificationQuietHours { CustomerId = customerId });
            (row.Start, row.End, row.UpdatedAtUtc) = (window.Start, window.End, clock.GetUtcNow().UtcDateTime);
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Trim(string source) => source.Length > 32 ? source[..32] : source;
}
