using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Jobs;

namespace Portal.Core.Notifications;

public sealed class NotificationOptions
{
    public int MaxAttempts { get; set; } = 6;
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromHours(2);

    /// <summary>An attempt under way holds its delivery this long; a crash mid-send is retried after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// Sends due deliveries. Each attempt first claims the delivery (one conditional UPDATE that counts the attempt and
/// sets a lease), then sends, then records the result. A crash between sending and recording leaves the lease to
/// expire and the delivery is sent again with the same <see cref="NotificationDelivery.MessageId"/>: at least once,
/// recognisably the same message. Failures are retried with exponential backoff up to <see cref="NotificationOptions.MaxAttempts"/>.
/// </summary>
public sealed class NotificationDispatcher(IServiceScopeFactory scopes, NotificationOptions options, TimeProvider clock,
    ILogger<NotificationDispatcher> log)
{
    /// <summary>Sends what is due now; returns how many were sent.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = Now;
            due = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<NotificationDelivery>().AsNoTracking()
                .Where(d => (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.WaitingForQuietHours) && d.NextAttemptAtUtc <= now)
                .OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id).Select(d => d.Id).Take(options.BatchSize).ToListAsync(ct);
        }
        var sent = 0;
        foreach (var id in due)
            if (await TrySendAsync(id, ct)) sent++;
        return sent;
    }

    /// <summary>One attempt at one delivery; false when it was not due, someone else holds it, or it failed.</summary>
    public async Task<bool> TrySendAsync(long deliveryId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PortalDbContext>();
        var now = Now;
        var claimed = await db.Set<NotificationDelivery>()
            .Where(d => d.Id == deliveryId && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.WaitingForQuietHours) && d.NextAttemptAtUtc <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastAttemptAtUtc, now)
                .SetProperty(d => d.NextAttemptAtUtc, now + options.Lease), ct);
        if (claimed == 0) return false;

        var delivery = await db.Set<NotificationDelivery>().Include(d => d.Notification).SingleAsync(d => d.Id == deliveryId, ct);
        // Written before sending, so an attempt cut short by a crash still shows in the log (without an outcome).
        var attempt = new NotificationDeliveryAttempt
        {
            DeliveryId = delivery.Id, CustomerId = delivery.CustomerId, Number = delivery.Attempts, StartedAtUtc = now,
        };
        db.Add(attempt);
        await db.SaveChangesAsync(CancellationToken.None);
        var started = Stopwatch.GetTimestamp();

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == delivery.CustomerId, ct);
        if (user is null) return await FinishAsync(db, delivery, attempt, started, DeliveryStatus.Suppressed, DeliveryReasons.AccountGone, ct);

        // The customer may have changed their mind while it waited for quiet hours or a retry.
        var settings = await sp.GetRequiredService<NotificationPreferences>().ForAsync(delivery.CustomerId, ct);
        if (!settings.IsEnabled(delivery.Topic, delivery.Channel))
            return await FinishAsync(db, delivery, attempt, started, DeliveryStatus.Suppressed, DeliveryReasons.Preference, ct);

        var channel = sp.GetServices<INotificationChannel>().FirstOrDefault(c => c.Channel == delivery.Channel);
        try
        {
            if (channel is null) throw new InvalidOperationException($"No sender for {delivery.Channel}.");
            await channel.SendAsync(new OutgoingNotification(delivery.Notification, delivery, user), ct);
        }
        catch (DeliveryNotNeededException skipped)
        {
            return await FinishAsync(db, delivery, attempt, started, DeliveryStatus.Suppressed, skipped.Reason, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Notification delivery {DeliveryId} ({Channel}) failed on attempt {Attempt}", delivery.Id, delivery.Channel, delivery.Attempts);
            delivery.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            (attempt.Outcome, attempt.Detail, attempt.DurationMs) = (AttemptOutcome.Failed, Trim(e.Message, NotificationDeliveryAttempt.DetailLength), Elapsed(started));
            if (delivery.Attempts >= options.MaxAttempts)
                return await FinishAsync(db, delivery, attempt, started, DeliveryStatus.Failed, DeliveryReasons.SendFailed, ct);
            delivery.NextAttemptAtUtc = Now + Backoff(delivery.Attempts);
            await db.SaveChangesAsync(CancellationToken.None);
            return false;
        }
        delivery.SentAtUtc = Now;
        return await FinishAsync(db, delivery, attempt, started, DeliveryStatus.Sent, null, ct);
    }

    /// <summary>After attempt <paramref name="attempt"/> failed: 1, 2, 4… times the first retry, capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstRetry.Ticks * factor, options.MaxRetry.Ticks));
        return delay;
    }

    private static async Task<bool> FinishAsync(PortalDbContext db, NotificationDelivery delivery, NotificationDeliveryAttempt attempt, long started,
        DeliveryStatus status, string? reason, CancellationToken ct)
    {
        attempt.Outcome ??= status switch
        {
            DeliveryStatus.Sent => AttemptOutcome.Sent,
            DeliveryStatus.Suppressed => AttemptOutcome.Suppressed,
            _ => AttemptOutcome.Failed,
        };
        attempt.DurationMs ??= Elapsed(started);
        delivery.Status = status;
        delivery.Reason = reason;
        delivery.NextAttemptAtUtc = null;
        // Recorded even when the run is being cancelled: the message went out.
        await db.SaveChangesAsync(CancellationToken.None);
        Common.PortalTelemetry.DeliveryFinished(delivery.Channel.ToString(), status.ToString());
        return status == DeliveryStatus.Sent;
    }

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    /// <summary>One line, at most <paramref name="max"/> characters: provider answers can be long and multi-line.</summary>
    private static string Trim(string text, int max)
    {
        var line = string.Join(' ', text.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > max ? line[..(max - 1)] + "…" : line;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <summary>The periodic job "notification-dispatch"; a new notification makes it due at once (NotificationCreated).</summary>
public sealed class NotificationDispatchJob(NotificationDispatcher dispatcher) : IPeriodicJob
{
    public const string Name = "notification-dispatch";

    public static readonly JobSchedule Schedule = new(Name, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    public Task RunAsync(CancellationToken ct) => dispatcher.DispatchAsync(ct);
}
