using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>
/// Writes a notification in the customer's own language (their PreferredLanguage, not the language of whoever
/// caused it) and hands it to the <see cref="Notifier"/>. Event handlers describe what to say with the localizer.
/// </summary>
public sealed class CustomerNotifications(PortalDbContext db, Notifier notifier, IStringLocalizerFactory factory)
{
    /// <param name="onlyChannels">When set, the only channels it goes out on (the others already told the customer).</param>
    public async Task<Notification?> NotifyAsync(string customerId, NotificationTopic topic, string sourceKey,
        Func<IStringLocalizer, (string Title, string Body)> write, string? link, CancellationToken ct, IReadOnlySet<NotificationChannel>? onlyChannels = null) =>
        await RequestAsync(customerId, topic, sourceKey, write, link, ct) is { } request
            ? await notifier.NotifyAsync(request with { OnlyChannels = onlyChannels }, ct)
            : null;

    /// <summary>
    /// Mail sent whatever the settings (<see cref="Notifier.AccountEmailAsync"/>): account mail on the Security topic,
    /// or what the customer asked for on its own topic. The title and body say what it is in the customer's history.
    /// </summary>
    public async Task<Notification?> AccountEmailAsync(string customerId, string template, string sourceKey,
        Func<IStringLocalizer, (string Title, string Body)> write, CancellationToken ct, NotificationTopic topic = NotificationTopic.Security) =>
        await RequestAsync(customerId, topic, sourceKey, write, null, ct) is { } request
            ? await notifier.AccountEmailAsync(request, template, ct)
            : null;

    /// <summary>The request written in the customer's own language; null when the account is gone.</summary>
    private async Task<NotificationRequest?> RequestAsync(string customerId, NotificationTopic topic, string sourceKey,
        Func<IStringLocalizer, (string Title, string Body)> write, string? link, CancellationToken ct)
    {
        var language = await db.Users.AsNoTracking().Where(u => u.Id == customerId).Select(u => u.PreferredLanguage).SingleOrDefaultAsync(ct);
        if (language is null) return null;
        var (title, body) = InLanguage(language, () => write(factory.Create(typeof(SharedResource))));
        return new NotificationRequest(customerId, topic, sourceKey, language, title, body, link);
    }

    /// <summary>Runs <paramref name="render"/> with the UI culture and formats of <paramref name="language"/>.</summary>
    public static T InLanguage<T>(string? language, Func<T> render)
    {
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = Cultures.For(language);
        try { return render(); }
        finally { (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture); }
    }
}
