using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications.Sms;

public class SmsNotificationTests
{
    private static Task<SmsKit> KitAsync() => SmsKit.CreateAsync(s =>
    {
        s.AddNotifications();
        s.AddSingleton<INotificationEmailRenderer, Renderer>();
    });

    private static async Task<string> CustomerAsync(SmsKit kit, bool verified, bool smsForTickets = true)
    {
        var id = await kit.AddCustomerAsync(phone: "+966501234567");
        await kit.Db.UseAsync<int>(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(id))!;
            (user.EmailConfirmed, user.PhoneNumberConfirmed) = (true, verified);
            await users.UpdateAsync(user);
            if (smsForTickets)
                await sp.GetRequiredService<NotificationPreferences>().SetAsync(id, NotificationTopic.Tickets, NotificationChannel.Sms, true, "settings");
            return 0;
        });
        return id;
    }

    private static Task<Notification?> NotifyAsync(SmsKit kit, string customer, NotificationTopic topic = NotificationTopic.Tickets) =>
        kit.Db.UseAsync<Notifier, Notification?>(n => n.NotifyAsync(new NotificationRequest(customer, topic, "test:" + Guid.NewGuid().ToString("N"),
            "en", "Your ticket has a reply", "Open it to read the reply.", "/tickets/1")));

    private static Task<NotificationDelivery> SmsDeliveryAsync(SmsKit kit, string customer) =>
        kit.Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<NotificationDelivery>().AsNoTracking()
            .SingleAsync(d => d.CustomerId == customer && d.Channel == NotificationChannel.Sms));

    private static Task<int> DispatchAsync(SmsKit kit) => kit.Db.UseAsync<NotificationDispatcher, int>(d => d.DispatchAsync(CancellationToken.None));

    [Fact]
    public async Task Sms_is_suppressed_for_a_phone_that_is_not_verified_even_when_turned_on()
    {
        await using var kit = await KitAsync();
        var customer = await CustomerAsync(kit, verified: false);

        await NotifyAsync(kit, customer);
        await DispatchAsync(kit);

        var sms = await SmsDeliveryAsync(kit, customer);
        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.NoVerifiedPhone), (sms.Status, sms.Reason));
        Assert.Empty(kit.Texts.Sent);
    }

    [Fact]
    public async Task Security_messages_also_need_a_verified_phone_for_sms()
    {
        await using var kit = await KitAsync();
        var unverified = await CustomerAsync(kit, verified: false, smsForTickets: false);
        var verified = await CustomerAsync(kit, verified: true, smsForTickets: false);

        await NotifyAsync(kit, unverified, NotificationTopic.Security);
        await NotifyAsync(kit, verified, NotificationTopic.Security);
        await DispatchAsync(kit);

        Assert.Equal(DeliveryReasons.NoVerifiedPhone, (await SmsDeliveryAsync(kit, unverified)).Reason);
        Assert.Equal(DeliveryStatus.Sent, (await SmsDeliveryAsync(kit, verified)).Status);
        Assert.Single(kit.Texts.Sent);
    }

    [Fact]
    public async Task A_verified_phone_gets_the_title_and_body_with_the_delivery_id_as_key_kept_on_retry()
    {
        await using var kit = await KitAsync();
        var customer = await CustomerAsync(kit, verified: true);
        kit.Texts.FailNext = 1;

        await NotifyAsync(kit, customer);
        await DispatchAsync(kit);
        var failed = await SmsDeliveryAsync(kit, customer);
        Assert.Equal((DeliveryStatus.Pending, 1), (failed.Status, failed.Attempts));
        Assert.Contains("503", failed.LastError);

        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        await DispatchAsync(kit);

        var sent = await SmsDeliveryAsync(kit, customer);
        Assert.Equal((DeliveryStatus.Sent, 2), (sent.Status, sent.Attempts));
        var text = Assert.Single(kit.Texts.Sent);
        Assert.Equal(("+966501234567", "Your ticket has a reply\nOpen it to read the reply.", sent.MessageId), (text.To, text.Text, text.Key));
    }

    [Fact]
    public async Task A_phone_unverified_while_its_text_waits_is_not_texted_and_the_delivery_is_suppressed_not_retried()
    {
        await using var kit = await KitAsync();
        var customer = await CustomerAsync(kit, verified: true);
        kit.Texts.FailNext = 1;
        await NotifyAsync(kit, customer);
        await DispatchAsync(kit);
        await kit.Db.UseAsync<int>(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(customer))!;
            (user.PhoneNumber, user.PhoneNumberConfirmed) = ("+966509999999", false);
            await users.UpdateAsync(user);
            return 0;
        });

        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        await DispatchAsync(kit);

        var sms = await SmsDeliveryAsync(kit, customer);
        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.NoVerifiedPhone, 2), (sms.Status, sms.Reason, sms.Attempts));
        Assert.Empty(kit.Texts.Sent);
    }

    private sealed class Renderer : INotificationEmailRenderer
    {
        public EmailMessage Render(OutgoingNotification m) => new(m.Customer.Email!, m.Notification.Title, m.Notification.Body, m.Notification.Body);
    }
}
