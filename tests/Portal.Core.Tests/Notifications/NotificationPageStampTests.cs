using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Push;
using Portal.Core.Notifications.Sms;

namespace Portal.Core.Tests.Notifications;

/// <summary>/notifications is kept per stamp: everything the page shows must change it, and another customer's data must not.</summary>
public class NotificationPageStampTests
{
    [Fact]
    public async Task Every_change_the_page_shows_changes_the_stamp_and_another_customers_do_not()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var layla = await kit.AddCustomerAsync();
        var omar = await kit.AddCustomerAsync();
        var last = await StampAsync(kit, layla);
        Assert.Equal(last, await StampAsync(kit, layla));

        async Task Changed(string what, Func<Task> change)
        {
            await change();
            var now = await StampAsync(kit, layla);
            Assert.True(now != last, $"The stamp did not change with {what}.");
            last = now;
        }

        await kit.NotifyAsync(omar);
        await kit.DispatchAsync();
        await kit.PreferencesAsync(p => p.SetAsync(omar, NotificationTopic.Offers, NotificationChannel.Email, true, "test"));
        Assert.Equal(last, await StampAsync(kit, layla));

        await Changed("a choice", () => kit.PreferencesAsync(p => p.SetAsync(layla, NotificationTopic.Offers, NotificationChannel.Email, true, "test")));
        await Changed("the same choice undone", () => kit.PreferencesAsync(p => p.SetAsync(layla, NotificationTopic.Offers, NotificationChannel.Email, false, "test")));
        await Changed("a frequency", () => kit.PreferencesAsync(p => p.SetFrequencyAsync(layla, NotificationTopic.Offers, NotificationFrequency.Daily)));
        await Changed("quiet hours", () => kit.PreferencesAsync(p => p.SetQuietHoursAsync(layla, new QuietHours(new(22, 0), new(7, 0)))));
        await Changed("other quiet hours", () => kit.PreferencesAsync(p => p.SetQuietHoursAsync(layla, new QuietHours(new(23, 0), new(7, 0)))));
        await Changed("quiet hours off", () => kit.PreferencesAsync(p => p.SetQuietHoursAsync(layla, null)));
        await Changed("a notification", () => kit.NotifyAsync(layla));
        kit.Mail.FailNext = 2;
        await Changed("the in-app copy sent and the email failing", () => kit.DispatchAsync());
        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        await Changed("a second failed attempt (the email still pending)", () => kit.DispatchAsync());
        kit.Clock.Advance(TimeSpan.FromMinutes(2));
        await Changed("the retry sent", () => kit.DispatchAsync());
        await Changed("a browser for push", () => UpdateAsync(kit, db => db.Add(new PushSubscription
        {
            CustomerId = layla, Endpoint = "https://push.example.com/1", P256dh = "key", Auth = "auth", Label = "Firefox · Android",
            CreatedAtUtc = kit.Db.UtcNow,
        })));
        await Changed("a push delivered to it", () => UpdateAsync(kit, db => db.Set<PushSubscription>().Single().LastSuccessAtUtc = kit.Db.UtcNow));
        await Changed("a phone code sent", () => UpdateAsync(kit, db => db.Add(new PhoneVerificationState
        {
            CustomerId = layla, PhoneNumber = "+966500000201", CodeHash = "hash", CodeExpiresAtUtc = kit.Db.UtcNow.AddMinutes(10), Version = 1,
        })));
        await Changed("a wrong code", () => UpdateAsync(kit, db => db.Set<PhoneVerificationState>().Single().FailedAttempts++));
        await Changed("the phone verified", () => UpdateAsync(kit, db =>
        {
            var user = db.Users.Single(u => u.Id == layla);
            (user.PhoneNumber, user.PhoneNumberConfirmed) = ("+966500000201", true);
        }));
        await Changed("the time zone", () => UpdateAsync(kit, db => db.Users.Single(u => u.Id == layla).TimeZoneId = "Europe/London"));
    }

    private static Task<string> StampAsync(NotificationKit kit, string customerId) =>
        kit.Db.UseAsync<NotificationPageStamp, string>(s => s.ForAsync(customerId));

    private static Task UpdateAsync(NotificationKit kit, Action<PortalDbContext> change) =>
        kit.Db.UseAsync<PortalDbContext, int>(db =>
        {
            change(db);
            return db.SaveChangesAsync();
        });
}
