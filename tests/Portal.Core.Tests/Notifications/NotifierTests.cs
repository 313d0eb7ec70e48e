using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

public class NotifierTests
{
    [Fact]
    public async Task A_ticket_message_goes_by_email_and_in_app_by_default()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();

        await kit.NotifyAsync(customer, NotificationTopic.Tickets);

        var deliveries = await kit.DeliveriesAsync(customer);
        Assert.Equal([NotificationChannel.Email, NotificationChannel.InApp], deliveries.Select(d => d.Channel));
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
    }

    [Fact]
    public async Task Offers_are_suppressed_until_the_customer_opts_in_and_the_opt_in_is_recorded_as_consent()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();

        await kit.NotifyAsync(customer, NotificationTopic.Offers);
        var before = await kit.DeliveriesAsync(customer);
        Assert.All(before, d => Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.Preference), (d.Status, d.Reason)));

        await kit.PreferencesAsync(p => p.SetAsync(customer, NotificationTopic.Offers, NotificationChannel.Email, true, NotificationPreferences.SourceSettings));
        var settings = await kit.PreferencesAsync(p => p.ForAsync(customer));
        var email = settings[NotificationTopic.Offers][NotificationChannel.Email];
        Assert.True(email.Enabled);
        Assert.Equal(kit.Db.UtcNow, email.ConsentAtUtc);
        Assert.Equal("settings", email.ConsentSource);

        await kit.NotifyAsync(customer, NotificationTopic.Offers);
        var after = (await kit.DeliveriesAsync(customer)).Skip(before.Count).ToList();
        Assert.Equal(DeliveryStatus.Pending, after.Single(d => d.Channel == NotificationChannel.Email).Status);
        Assert.Equal(DeliveryStatus.Suppressed, after.Single(d => d.Channel == NotificationChannel.InApp).Status);
    }

    [Fact]
    public async Task Security_cannot_be_turned_off_and_ignores_quiet_hours()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.PreferencesAsync(p => p.SetQuietHoursAsync(customer, QuietHours.Suggested));

        var refused = await kit.PreferencesAsync(p => p.SetAsync(customer, NotificationTopic.Security, NotificationChannel.Email, false, "settings"));
        Assert.Equal(PreferenceError.Locked, refused);

        kit.SetLocalTime(23, 0);
        await kit.NotifyAsync(customer, NotificationTopic.Security);
        Assert.All(await kit.DeliveriesAsync(customer), d => Assert.Equal(DeliveryStatus.Pending, d.Status));
    }

    [Fact]
    public async Task At_2159_in_Riyadh_email_goes_now_and_at_2200_it_waits_for_0700_while_the_bell_rings_at_once()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync("Asia/Riyadh");
        await kit.PreferencesAsync(p => p.SetQuietHoursAsync(customer, QuietHours.Suggested));

        kit.SetLocalTime(21, 59);
        await kit.NotifyAsync(customer);
        kit.SetLocalTime(22, 0);
        await kit.NotifyAsync(customer);

        var deliveries = await kit.DeliveriesAsync(customer);
        var emails = deliveries.Where(d => d.Channel == NotificationChannel.Email).ToList();
        Assert.Equal(DeliveryStatus.Pending, emails[0].Status);
        Assert.Equal(DeliveryStatus.WaitingForQuietHours, emails[1].Status);
        Assert.Equal(new DateTime(2026, 12, 2, 4, 0, 0, DateTimeKind.Utc), emails[1].NextAttemptAtUtc);
        Assert.All(deliveries.Where(d => d.Channel == NotificationChannel.InApp), d => Assert.Equal(DeliveryStatus.Pending, d.Status));
    }

    [Fact]
    public async Task Email_waits_for_a_confirmed_address()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync(confirmed: false);

        await kit.NotifyAsync(customer);

        var email = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.NoConfirmedEmail), (email.Status, email.Reason));
    }

    [Fact]
    public async Task A_daily_topic_holds_its_email_for_the_digest_but_not_its_bell()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.PreferencesAsync(p => p.SetFrequencyAsync(customer, NotificationTopic.PointsRewards, NotificationFrequency.Daily));

        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);

        Assert.Equal(DeliveryStatus.WaitingForDigest, (await kit.DeliveryAsync(customer, NotificationChannel.Email)).Status);
        Assert.Equal(DeliveryStatus.Pending, (await kit.DeliveryAsync(customer, NotificationChannel.InApp)).Status);
        Assert.Equal(NotificationFrequency.Daily, (await kit.PreferencesAsync(p => p.ForAsync(customer)))[NotificationTopic.PointsRewards].Frequency);
    }

    [Fact]
    public async Task One_cause_notifies_once()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();

        Assert.NotNull(await kit.NotifyAsync(customer, source: "ticket-reply:1"));
        Assert.Null(await kit.NotifyAsync(customer, source: "ticket-reply:1"));

        Assert.Equal(2, (await kit.DeliveriesAsync(customer)).Count);
        Assert.Single(await kit.Db.OutboxAsync(nameof(NotificationCreated)));
    }

    [Fact]
    public async Task Withdrawing_marketing_consent_records_when_and_where()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.PreferencesAsync(p => p.SetAsync(customer, NotificationTopic.Offers, NotificationChannel.Email, true, "settings"));
        kit.Clock.Advance(TimeSpan.FromDays(3));

        await kit.PreferencesAsync(p => p.SetAsync(customer, NotificationTopic.Offers, NotificationChannel.Email, false, NotificationPreferences.SourceUnsubscribeLink));

        var row = await kit.Db.UseAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Portal.Core.Data.PortalDbContext>(sp).Set<NotificationPreference>()));
        Assert.False(row.Enabled);
        Assert.Equal((kit.Db.UtcNow, "unsubscribe-link"), (row.WithdrawnAtUtc, row.WithdrawnSource));
        Assert.NotNull(row.ConsentAtUtc);
    }
}
