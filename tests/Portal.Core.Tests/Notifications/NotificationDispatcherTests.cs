using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Security;

namespace Portal.Core.Tests.Notifications;

public class NotificationDispatcherTests
{
    [Fact]
    public async Task A_pending_email_is_sent_once_with_its_message_id_and_recorded()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.NotifyAsync(customer);

        Assert.Equal(2, await kit.DispatchAsync());
        Assert.Equal(0, await kit.DispatchAsync());

        var email = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        var sent = Assert.Single(kit.Mail.Sent);
        Assert.Equal($"<{email.MessageId}>", sent.MessageId);
        Assert.Equal((DeliveryStatus.Sent, 1, kit.Db.UtcNow), (email.Status, email.Attempts, email.SentAtUtc));
    }

    [Fact]
    public async Task A_failed_send_is_retried_with_growing_waits_and_then_given_up()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.NotifyAsync(customer);
        kit.Mail.FailNext = int.MaxValue;

        await kit.DispatchAsync();
        var first = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal((DeliveryStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Equal(kit.Db.UtcNow + TimeSpan.FromMinutes(1), first.NextAttemptAtUtc);
        Assert.Equal("SMTP server unavailable", first.LastError);

        kit.Clock.Advance(TimeSpan.FromSeconds(59));
        await kit.DispatchAsync();
        Assert.Equal(1, (await kit.DeliveryAsync(customer, NotificationChannel.Email)).Attempts);

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        await kit.DispatchAsync();
        var second = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(kit.Db.UtcNow + TimeSpan.FromMinutes(2), second.NextAttemptAtUtc);

        for (var i = 0; i < 10; i++)
        {
            kit.Clock.Advance(TimeSpan.FromHours(3));
            await kit.DispatchAsync();
        }
        var last = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal((DeliveryStatus.Failed, kit.Options.MaxAttempts, DeliveryReasons.SendFailed), (last.Status, last.Attempts, last.Reason));
        Assert.Empty(kit.Mail.Sent);
    }

    [Fact]
    public async Task A_crash_between_sending_and_recording_sends_again_with_the_same_message_id()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.NotifyAsync(customer);
        // The process stops right after the server took the message, before the result is recorded.
        using var stopping = new CancellationTokenSource();
        kit.Mail.AfterSend = () => { stopping.Cancel(); stopping.Token.ThrowIfCancellationRequested(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.DispatchAsync(stopping.Token));
        Assert.Single(kit.Mail.Sent);
        var held = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal((DeliveryStatus.Pending, 1), (held.Status, held.Attempts));

        kit.Mail.AfterSend = null;
        await kit.DispatchAsync();
        Assert.Single(kit.Mail.Sent);

        kit.Clock.Advance(kit.Options.Lease);
        await kit.DispatchAsync();
        Assert.Equal(2, kit.Mail.Sent.Count);
        Assert.Single(kit.Mail.Sent.Select(m => m.MessageId).Distinct());
        var email = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal(DeliveryStatus.Sent, email.Status);

        // The log keeps the cut-short attempt (no outcome) and adds the repeat.
        var attempts = await kit.AttemptsAsync(email.Id);
        Assert.Equal([(1, (AttemptOutcome?)null), (2, AttemptOutcome.Sent)], attempts.Select(a => (a.Number, a.Outcome)));
        Assert.Null(attempts[0].DurationMs);
        Assert.Equal(kit.Db.UtcNow, attempts[1].StartedAtUtc);
    }

    [Fact]
    public async Task A_failing_channel_then_success_records_both_attempts_with_their_outcomes()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.NotifyAsync(customer);
        kit.Mail.FailNext = 1;
        kit.Mail.FailMessage = "451 4.3.0 Mail server temporarily rejected message.\r\nTry again later.";
        var firstTry = kit.Db.UtcNow;

        await kit.DispatchAsync();
        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        await kit.DispatchAsync();

        var email = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal((DeliveryStatus.Sent, 2), (email.Status, email.Attempts));
        var attempts = await kit.AttemptsAsync(email.Id);
        Assert.Equal([(1, (AttemptOutcome?)AttemptOutcome.Failed, firstTry), (2, AttemptOutcome.Sent, kit.Db.UtcNow)],
            attempts.Select(a => (a.Number, a.Outcome, a.StartedAtUtc)));
        Assert.Equal("451 4.3.0 Mail server temporarily rejected message. Try again later.", attempts[0].Detail);
        Assert.Null(attempts[1].Detail);
        Assert.All(attempts, a => Assert.True(a.DurationMs >= 0));
        Assert.All(attempts, a => Assert.Equal(customer, a.CustomerId));

        // The in-app delivery went out at the first try.
        var inApp = await kit.DeliveryAsync(customer, NotificationChannel.InApp);
        Assert.Equal([AttemptOutcome.Sent], (await kit.AttemptsAsync(inApp.Id)).Select(a => a.Outcome!.Value));

        var history = await kit.Db.UseAsync<NotificationInbox, IReadOnlyDictionary<long, IReadOnlyList<AttemptItem>>>(i => i.AttemptsAsync(customer, [email.Id, inApp.Id]));
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Sent], history[email.Id].Select(a => a.Outcome!.Value));
        var other = await kit.AddCustomerAsync();
        Assert.Empty(await kit.Db.UseAsync<NotificationInbox, IReadOnlyDictionary<long, IReadOnlyList<AttemptItem>>>(i => i.AttemptsAsync(other, [email.Id])));
    }

    [Fact]
    public async Task Giving_up_leaves_every_attempt_in_the_log_as_failed()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.NotifyAsync(customer);
        kit.Mail.FailNext = int.MaxValue;

        for (var i = 0; i < kit.Options.MaxAttempts; i++)
        {
            await kit.DispatchAsync();
            kit.Clock.Advance(TimeSpan.FromHours(3));
        }

        var email = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal(DeliveryStatus.Failed, email.Status);
        var attempts = await kit.AttemptsAsync(email.Id);
        Assert.Equal(Enumerable.Range(1, kit.Options.MaxAttempts), attempts.Select(a => a.Number));
        Assert.All(attempts, a => Assert.Equal(AttemptOutcome.Failed, a.Outcome));
    }

    [Fact]
    public async Task Erasing_an_account_deletes_its_attempts_whose_errors_quote_the_address_and_keeps_others()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        var other = await kit.AddCustomerAsync();
        var address = (await kit.Db.PersonAsync(customer)).Email!;
        await kit.NotifyAsync(customer);
        await kit.NotifyAsync(other);
        kit.Mail.FailNext = 1;
        kit.Mail.FailMessage = $"550 5.1.1 <{address}>: Recipient address rejected";
        await kit.DispatchAsync();
        var failed = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Contains(address, Assert.Single(await kit.AttemptsAsync(failed.Id)).Detail);

        await kit.Db.UseAsync<PortalDbContext, int>(async db =>
        {
            foreach (var decision in CustomerErasure.Decisions) await decision.Apply(db, customer, kit.Db.UtcNow, CancellationToken.None);
            return 0;
        });

        var left = await kit.Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<NotificationDeliveryAttempt>().AsNoTracking()
            .Select(a => new { a.CustomerId, a.Detail }).ToListAsync());
        Assert.DoesNotContain(left, a => a.CustomerId == customer || (a.Detail ?? "").Contains(address));
        Assert.Contains(left, a => a.CustomerId == other);
        Assert.Equal(ErasureAction.Delete, CustomerErasure.Decisions.Single(d => d.Entity == typeof(NotificationDeliveryAttempt)).Action);
    }

    [Fact]
    public async Task An_email_held_for_quiet_hours_goes_out_when_they_end()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.PreferencesAsync(p => p.SetQuietHoursAsync(customer, QuietHours.Suggested));
        kit.SetLocalTime(23, 30);
        await kit.NotifyAsync(customer);

        await kit.DispatchAsync();
        Assert.Empty(kit.Mail.Sent);

        kit.Clock.Now = new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);
        await kit.DispatchAsync();
        Assert.Single(kit.Mail.Sent);
    }

    [Fact]
    public async Task A_delivery_turned_off_while_it_waited_is_suppressed_not_sent()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.NotifyAsync(customer);
        await kit.PreferencesAsync(p => p.SetAsync(customer, NotificationTopic.Tickets, NotificationChannel.Email, false, "settings"));

        await kit.DispatchAsync();

        Assert.Empty(kit.Mail.Sent);
        var email = await kit.DeliveryAsync(customer, NotificationChannel.Email);
        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.Preference), (email.Status, email.Reason));
    }

    [Fact]
    public async Task The_session_check_reads_the_bell_count_of_the_session_owner_alone()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        var other = await kit.AddCustomerAsync();
        var read = await kit.NotifyAsync(customer);
        await kit.NotifyAsync(customer);
        await kit.NotifyAsync(customer);
        await kit.NotifyAsync(other);
        await kit.Db.UseAsync<NotificationInbox, bool>(i => i.MarkReadAsync(customer, read!.Id));
        var session = await kit.Db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(customer, SessionKind.Browser, "password", null, null));
        var bell = NotificationInbox.UnreadCountOf("s.\"UserId\"");

        Assert.Equal((true, 2L), await kit.Db.UseAsync<SignInSessions, (bool, long)>(s => s.IsActiveAsync(customer, session.Id, null, bell)));
        Assert.Equal(2, await kit.Db.UseAsync<NotificationInbox, int>(i => i.UnreadCountAsync(customer)));
        // Someone else's session answers nothing about its owner.
        Assert.Equal((false, 0L), await kit.Db.UseAsync<SignInSessions, (bool, long)>(s => s.IsActiveAsync(other, session.Id, null, bell)));
        await kit.Db.UseAsync<SignInSessions, bool>(s => s.EndAsync(customer, session.Id, SessionEndReasons.SignedOut));
        Assert.Equal((false, 0L), await kit.Db.UseAsync<SignInSessions, (bool, long)>(s => s.IsActiveAsync(customer, session.Id, null, bell)));
    }

    [Fact]
    public async Task The_inbox_counts_unread_and_marks_one_or_all_read_only_for_their_owner()
    {
        await using var kit = await NotificationKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        var other = await kit.AddCustomerAsync();
        var first = await kit.NotifyAsync(customer);
        await kit.NotifyAsync(customer);

        Assert.Equal(2, await kit.Db.UseAsync<NotificationInbox, int>(i => i.UnreadCountAsync(customer)));
        Assert.False(await kit.Db.UseAsync<NotificationInbox, bool>(i => i.MarkReadAsync(other, first!.Id)));
        Assert.True(await kit.Db.UseAsync<NotificationInbox, bool>(i => i.MarkReadAsync(customer, first!.Id)));
        Assert.Equal(1, await kit.Db.UseAsync<NotificationInbox, int>(i => i.UnreadCountAsync(customer)));
        Assert.Equal(1, await kit.Db.UseAsync<NotificationInbox, int>(i => i.MarkAllReadAsync(customer)));
        Assert.Equal(0, await kit.Db.UseAsync<NotificationInbox, int>(i => i.UnreadCountAsync(customer)));

        var history = await kit.Db.UseAsync<NotificationInbox, Paged<HistoryItem>>(i => i.HistoryAsync(customer, 1, 3));
        Assert.Equal((4, 3, 2), (history.Total, history.Items.Count, history.Pages));
    }
}
