using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Notifications;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Notifications;

/// <summary>Notifications over the shared <see cref="CoreDatabase"/>; email goes to <see cref="Mail"/>, which can be made to fail.</summary>
public sealed class NotificationKit : IAsyncDisposable
{
    private int _sources;

    private NotificationKit(CoreDatabase db, RecordingEmailSender mail, NotificationOptions options) => (Db, Mail, Options) = (db, mail, options);

    public CoreDatabase Db { get; }
    public RecordingEmailSender Mail { get; }
    public NotificationOptions Options { get; }
    public ManualClock Clock => Db.Clock;

    public static async Task<NotificationKit> CreateAsync()
    {
        var mail = new RecordingEmailSender();
        var options = new NotificationOptions();
        var db = await CoreDatabase.CreateAsync(configure: s =>
        {
            s.AddNotifications(options);
            s.Replace(ServiceDescriptor.Singleton<IEmailSender>(mail));
            s.AddSingleton<INotificationEmailRenderer, PlainRenderer>();
            s.AddSingleton<Portal.Core.Notifications.Digests.INotificationDigestRenderer, Digests.PlainDigestRenderer>();
        });
        return new NotificationKit(db, mail, options);
    }

    /// <summary>A customer with a confirmed email, in <paramref name="timeZone"/> (null: the business zone, Asia/Riyadh).</summary>
    public Task<string> AddCustomerAsync(string? timeZone = null, bool confirmed = true) =>
        Db.UseAsync(async sp =>
        {
            var id = await Db.AddPersonAsync("Layla Haddad");
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(id))!;
            (user.EmailConfirmed, user.TimeZoneId) = (confirmed, timeZone);
            await users.UpdateAsync(user);
            return id;
        });

    public void SetLocalTime(int hour, int minute, string zone = "Asia/Riyadh")
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var local = new DateTime(2026, 12, 1, hour, minute, 0, DateTimeKind.Unspecified);
        Clock.Now = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, tz), TimeSpan.Zero);
    }

    public Task<Notification?> NotifyAsync(string customerId, NotificationTopic topic = NotificationTopic.Tickets, string? source = null) =>
        Db.UseAsync<Notifier, Notification?>(n => n.NotifyAsync(
            new NotificationRequest(customerId, topic, source ?? $"test:{++_sources}", "en", "Your ticket has a reply", "Open it to read the reply.", "/support/tickets/1")));

    public Task<T> PreferencesAsync<T>(Func<NotificationPreferences, Task<T>> use) => Db.UseAsync(use);

    public Task PreferencesAsync(Func<NotificationPreferences, Task> use) => Db.UseAsync<NotificationPreferences, int>(async p => { await use(p); return 0; });

    public Task<int> DispatchAsync(CancellationToken ct = default) => Db.UseAsync<NotificationDispatcher, int>(d => d.DispatchAsync(ct));

    public Task<List<NotificationDelivery>> DeliveriesAsync(string customerId) =>
        Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<NotificationDelivery>().AsNoTracking()
            .Where(d => d.CustomerId == customerId).OrderBy(d => d.Id).ToListAsync());

    public Task<List<NotificationDeliveryAttempt>> AttemptsAsync(long deliveryId) =>
        Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<NotificationDeliveryAttempt>().AsNoTracking()
            .Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync());

    public async Task<NotificationDelivery> DeliveryAsync(string customerId, NotificationChannel channel) =>
        (await DeliveriesAsync(customerId)).Single(d => d.Channel == channel);

    public ValueTask DisposeAsync() => Db.DisposeAsync();

    private sealed class PlainRenderer : INotificationEmailRenderer
    {
        public EmailMessage Render(OutgoingNotification m) =>
            new(m.Customer.Email!, m.Notification.Title, $"<p>{m.Notification.Body}</p>", m.Notification.Body, $"<{m.Delivery.MessageId}>");
    }
}

public sealed class RecordingEmailSender : IEmailSender
{
    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    /// <summary>How many of the next sends throw.</summary>
    public int FailNext { get; set; }

    /// <summary>What a failing send says (a real server's answer may quote the address).</summary>
    public string FailMessage { get; set; } = "SMTP server unavailable";

    /// <summary>Runs after a message is handed over: throwing here is a crash between sending and recording.</summary>
    public Action? AfterSend { get; set; }

    public Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new IOException(FailMessage);
        }
        Sent.Enqueue(message);
        AfterSend?.Invoke();
        return Task.CompletedTask;
    }
}
