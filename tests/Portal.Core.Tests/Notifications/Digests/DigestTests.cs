using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Digests;

namespace Portal.Core.Tests.Notifications.Digests;

/// <summary>Digest emails: due at 08:00 in the customer's zone (weekly on Sunday), one per topic and period, sent once.</summary>
public class DigestTests
{
    private const string Riyadh = "Asia/Riyadh";

    /// <summary>Local time on a December 2026 day in <paramref name="zone"/> (1 December 2026 is a Tuesday; the 6th a Sunday).</summary>
    private static void At(NotificationKit kit, int day, int hour, int minute, string zone = Riyadh)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        kit.Clock.Now = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 12, day, hour, minute, 0), tz), TimeSpan.Zero);
    }

    private static async Task<string> DigestCustomerAsync(NotificationKit kit, NotificationFrequency frequency = NotificationFrequency.Daily,
        NotificationTopic topic = NotificationTopic.PointsRewards, string? zone = null)
    {
        var customer = await kit.AddCustomerAsync(zone);
        await kit.PreferencesAsync(p => p.SetFrequencyAsync(customer, topic, frequency));
        return customer;
    }

    private static Task<int> RunAsync(NotificationKit kit, CancellationToken ct = default) =>
        kit.Db.UseAsync<NotificationDigests, int>(d => d.RunAsync(ct));

    private static Task<List<NotificationDigest>> DigestsAsync(NotificationKit kit, string customerId) =>
        kit.Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<NotificationDigest>().AsNoTracking()
            .Where(d => d.CustomerId == customerId).OrderBy(d => d.Id).ToListAsync());

    private static async Task<List<NotificationDelivery>> EmailsAsync(NotificationKit kit, string customerId) =>
        (await kit.DeliveriesAsync(customerId)).Where(d => d.Channel == NotificationChannel.Email).ToList();

    [Fact]
    public async Task A_daily_digest_waits_at_0759_and_goes_out_at_0800_Riyadh_time_with_every_waiting_message()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        At(kit, 1, 6, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        await kit.DispatchAsync();
        Assert.Empty(kit.Mail.Sent);
        Assert.All(await EmailsAsync(kit, customer), d => Assert.Equal(DeliveryStatus.WaitingForDigest, d.Status));

        At(kit, 1, 7, 59);
        Assert.Equal(0, await RunAsync(kit));
        Assert.Empty(kit.Mail.Sent);

        At(kit, 1, 8, 0);
        Assert.Equal(1, await RunAsync(kit));
        var mail = Assert.Single(kit.Mail.Sent);
        Assert.Equal("PointsRewards: 3", mail.Subject);
        var digest = Assert.Single(await DigestsAsync(kit, customer));
        Assert.Equal((DigestStatus.Sent, 3, new DateOnly(2026, 12, 1), kit.Db.UtcNow), (digest.Status, digest.ItemCount, digest.PeriodStart, digest.SentAtUtc));
        Assert.Equal(digest.MessageId, mail.MessageId);
        Assert.All(await EmailsAsync(kit, customer), d => Assert.Equal((DeliveryStatus.InDigest, kit.Db.UtcNow), (d.Status, d.SentAtUtc)));

        Assert.Equal(0, await RunAsync(kit));
        Assert.Single(kit.Mail.Sent);
    }

    [Fact]
    public async Task A_message_arriving_after_the_days_digest_waits_for_the_next_morning()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        At(kit, 1, 7, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        At(kit, 1, 8, 0);
        await RunAsync(kit);
        At(kit, 1, 8, 30);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);

        At(kit, 1, 23, 59);
        Assert.Equal(0, await RunAsync(kit));
        At(kit, 2, 7, 59);
        Assert.Equal(0, await RunAsync(kit));
        At(kit, 2, 8, 0);
        Assert.Equal(1, await RunAsync(kit));

        Assert.Equal(["PointsRewards: 1", "PointsRewards: 1"], kit.Mail.Sent.Select(m => m.Subject));
        Assert.Equal([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)], (await DigestsAsync(kit, customer)).Select(d => d.PeriodStart));
    }

    [Fact]
    public async Task A_weekly_digest_goes_out_only_on_sunday_at_0800()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit, NotificationFrequency.Weekly);
        At(kit, 1, 10, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);

        // Tuesday to Saturday at 08:00 (and later) is not the day.
        for (var day = 2; day <= 5; day++)
        {
            At(kit, day, 8, 0);
            Assert.Equal(0, await RunAsync(kit));
            At(kit, day, 20, 0);
            Assert.Equal(0, await RunAsync(kit));
        }
        At(kit, 6, 7, 59);
        Assert.Equal(0, await RunAsync(kit));
        At(kit, 6, 8, 0);
        Assert.Equal(1, await RunAsync(kit));

        var digest = Assert.Single(await DigestsAsync(kit, customer));
        Assert.Equal((NotificationFrequency.Weekly, new DateOnly(2026, 12, 6)), (digest.Frequency, digest.PeriodStart));
        Assert.Equal(DayOfWeek.Sunday, digest.PeriodStart.DayOfWeek);
    }

    [Fact]
    public async Task A_customer_in_london_gets_the_digest_at_0800_london_time_not_riyadh_time()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit, zone: "Europe/London");
        At(kit, 1, 1, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);

        At(kit, 1, 8, 0, Riyadh);
        Assert.Equal(0, await RunAsync(kit));
        At(kit, 1, 7, 59, "Europe/London");
        Assert.Equal(0, await RunAsync(kit));
        At(kit, 1, 8, 0, "Europe/London");
        Assert.Equal(1, await RunAsync(kit));
        Assert.Equal(new DateTime(2026, 12, 1, 8, 0, 0), Assert.Single(await DigestsAsync(kit, customer)).SlotUtc);
    }

    [Fact]
    public async Task A_digest_time_inside_quiet_hours_waits_until_they_end()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        await kit.PreferencesAsync(p => p.SetQuietHoursAsync(customer, new QuietHours(new TimeOnly(6, 0), new TimeOnly(9, 30))));
        At(kit, 1, 5, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);

        At(kit, 1, 8, 0);
        Assert.Equal(0, await RunAsync(kit));
        At(kit, 1, 9, 29);
        Assert.Equal(0, await RunAsync(kit));
        At(kit, 1, 9, 30);
        Assert.Equal(1, await RunAsync(kit));
    }

    [Fact]
    public async Task Each_topic_gets_its_own_digest_and_instant_topics_are_not_held()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        await kit.PreferencesAsync(p => p.SetFrequencyAsync(customer, NotificationTopic.SpecialDates, NotificationFrequency.Daily));
        At(kit, 1, 7, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        await kit.NotifyAsync(customer, NotificationTopic.SpecialDates);
        await kit.NotifyAsync(customer, NotificationTopic.Tickets);
        await kit.DispatchAsync();
        Assert.Equal("Your ticket has a reply", Assert.Single(kit.Mail.Sent).Subject);

        At(kit, 1, 8, 0);
        Assert.Equal(2, await RunAsync(kit));
        Assert.Equal(["PointsRewards: 2", "SpecialDates: 1"], kit.Mail.Sent.Skip(1).Select(m => m.Subject).Order());
    }

    [Fact]
    public async Task Two_runs_racing_send_one_digest()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        At(kit, 1, 7, 0);
        for (var i = 0; i < 3; i++) await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        At(kit, 1, 8, 0);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(kit))));

        Assert.Equal(1, runs.Sum());
        var mail = Assert.Single(kit.Mail.Sent);
        Assert.Equal("PointsRewards: 3", mail.Subject);
        Assert.Single(await DigestsAsync(kit, customer));
    }

    [Fact]
    public async Task A_crash_between_sending_and_recording_sends_again_with_the_same_message_id()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        At(kit, 1, 7, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        At(kit, 1, 8, 0);
        using var stopping = new CancellationTokenSource();
        kit.Mail.AfterSend = () => { stopping.Cancel(); stopping.Token.ThrowIfCancellationRequested(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(kit, stopping.Token));
        Assert.Single(kit.Mail.Sent);
        var held = Assert.Single(await DigestsAsync(kit, customer));
        Assert.Equal((DigestStatus.Pending, 1), (held.Status, held.Attempts));
        Assert.Equal(DeliveryStatus.WaitingForDigest, Assert.Single(await EmailsAsync(kit, customer)).Status);

        kit.Mail.AfterSend = null;
        Assert.Equal(0, await RunAsync(kit));
        kit.Clock.Advance(kit.Options.Lease);
        Assert.Equal(1, await RunAsync(kit));

        Assert.Equal(2, kit.Mail.Sent.Count);
        Assert.Equal([held.MessageId], kit.Mail.Sent.Select(m => m.MessageId).Distinct());
        Assert.Equal(DigestStatus.Sent, Assert.Single(await DigestsAsync(kit, customer)).Status);
        Assert.Equal(DeliveryStatus.InDigest, Assert.Single(await EmailsAsync(kit, customer)).Status);
    }

    [Fact]
    public async Task A_failed_digest_is_retried_and_after_the_last_try_its_messages_show_failed()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        At(kit, 1, 7, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        At(kit, 1, 8, 0);
        kit.Mail.FailNext = 1;

        Assert.Equal(0, await RunAsync(kit));
        var retry = Assert.Single(await DigestsAsync(kit, customer));
        Assert.Equal((DigestStatus.Pending, 1, kit.Db.UtcNow + kit.Options.FirstRetry), (retry.Status, retry.Attempts, retry.NextAttemptAtUtc));
        kit.Clock.Advance(kit.Options.FirstRetry);
        Assert.Equal(1, await RunAsync(kit));
        Assert.Equal(retry.MessageId, Assert.Single(kit.Mail.Sent).MessageId);

        var other = await DigestCustomerAsync(kit);
        await kit.NotifyAsync(other, NotificationTopic.PointsRewards);
        At(kit, 2, 8, 0);
        kit.Mail.FailNext = int.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            await RunAsync(kit);
            kit.Clock.Advance(TimeSpan.FromHours(3));
        }
        var failed = Assert.Single(await DigestsAsync(kit, other));
        Assert.Equal((DigestStatus.Failed, kit.Options.MaxAttempts), (failed.Status, failed.Attempts));
        var email = Assert.Single(await EmailsAsync(kit, other));
        Assert.Equal((DeliveryStatus.Failed, DeliveryReasons.SendFailed), (email.Status, email.Reason));
    }

    [Fact]
    public async Task Turning_the_topics_email_off_suppresses_what_waited_even_once_it_was_gathered()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var waiting = await DigestCustomerAsync(kit);
        var gathered = await DigestCustomerAsync(kit);
        At(kit, 1, 7, 0);
        await kit.NotifyAsync(waiting, NotificationTopic.PointsRewards);
        await kit.NotifyAsync(gathered, NotificationTopic.PointsRewards);
        At(kit, 1, 8, 0);
        await kit.Db.UseAsync<NotificationDigests, int>(d => d.GatherAsync(CancellationToken.None));
        foreach (var customer in new[] { waiting, gathered })
            await kit.PreferencesAsync(p => p.SetAsync(customer, NotificationTopic.PointsRewards, NotificationChannel.Email, false, "settings"));

        Assert.Equal(0, await RunAsync(kit));

        Assert.Empty(kit.Mail.Sent);
        Assert.Equal(DigestStatus.Suppressed, Assert.Single(await DigestsAsync(kit, gathered)).Status);
        foreach (var customer in new[] { waiting, gathered })
        {
            var email = Assert.Single(await EmailsAsync(kit, customer));
            Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.Preference), (email.Status, email.Reason));
        }
    }

    [Fact]
    public async Task Switching_back_to_right_away_sends_what_waited_at_the_next_run_not_at_the_next_digest_time()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit);
        At(kit, 1, 12, 0);
        await kit.NotifyAsync(customer, NotificationTopic.PointsRewards);
        await kit.PreferencesAsync(p => p.SetFrequencyAsync(customer, NotificationTopic.PointsRewards, NotificationFrequency.Instant));

        Assert.Equal(0, await RunAsync(kit));
        await kit.DispatchAsync();

        Assert.Equal("Your ticket has a reply", Assert.Single(kit.Mail.Sent).Subject);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await EmailsAsync(kit, customer)).Status);
        Assert.Empty(await DigestsAsync(kit, customer));
    }

    [Fact]
    public async Task Security_is_never_held_for_a_digest()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await DigestCustomerAsync(kit, topic: NotificationTopic.Security);
        At(kit, 1, 12, 0);
        await kit.NotifyAsync(customer, NotificationTopic.Security);
        await kit.DispatchAsync();
        Assert.Single(kit.Mail.Sent);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await EmailsAsync(kit, customer)).Status);
    }
}

public class DigestScheduleTests
{
    private static readonly TimeZoneInfo Riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");
    private static readonly NotificationDigestOptions Options = new();

    private static DateTime Local(int day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 12, day, hour, minute, 0), Riyadh);

    [Fact]
    public void Before_0800_the_latest_daily_slot_is_yesterdays() =>
        Assert.Equal((new DateOnly(2026, 11, 30), Local(1, 8, 0).AddDays(-1)),
            DigestSchedule.LatestSlot(NotificationFrequency.Daily, Local(1, 7, 59), Riyadh, null, Options));

    [Fact]
    public void Quiet_hours_across_midnight_that_cover_0800_move_the_slot_to_their_end_the_next_day()
    {
        var quiet = new QuietHours(new TimeOnly(5, 0), new TimeOnly(3, 0));
        Assert.Equal(Local(2, 3, 0), DigestSchedule.SlotUtc(new DateOnly(2026, 12, 1), Riyadh, quiet, Options.SendAt));
        Assert.Equal((new DateOnly(2026, 12, 1), Local(2, 3, 0)),
            DigestSchedule.LatestSlot(NotificationFrequency.Daily, Local(2, 4, 0), Riyadh, quiet, Options));
    }

    [Fact]
    public void The_next_weekly_slot_from_a_tuesday_is_sunday_at_0800() =>
        Assert.Equal(Local(6, 8, 0), DigestSchedule.NextSlotUtc(NotificationFrequency.Weekly, Local(1, 12, 0), Riyadh, null, Options));

    [Fact]
    public void A_configured_weekday_and_hour_are_used()
    {
        var friday = new NotificationDigestOptions { WeeklyOn = DayOfWeek.Friday, SendAt = new TimeOnly(18, 30) };
        Assert.Equal(new DateOnly(2026, 11, 27), DigestSchedule.LatestSlot(NotificationFrequency.Weekly, Local(4, 18, 29), Riyadh, null, friday)?.Period);
        Assert.Equal((new DateOnly(2026, 12, 4), Local(4, 18, 30)), DigestSchedule.LatestSlot(NotificationFrequency.Weekly, Local(4, 18, 30), Riyadh, null, friday));
    }
}

/// <summary>Subjects a test can read: "PointsRewards: 3"; the digest's Message-ID as it is.</summary>
public sealed class PlainDigestRenderer : INotificationDigestRenderer
{
    public EmailMessage Render(OutgoingDigest d) =>
        new(d.Customer.Email!, $"{d.Digest.Topic}: {d.Items.Count}", string.Join("", d.Items.Select(i => $"<p>{i.Title}</p>")),
            string.Join("\n", d.Items.Select(i => i.Title)), d.Digest.MessageId);
}
