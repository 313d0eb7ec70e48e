using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Jobs;

namespace Portal.Core.Notifications.Digests;

/// <summary>A digest ready to go out: its waiting notifications (oldest first), the customer and their time zone.</summary>
public sealed record OutgoingDigest(NotificationDigest Digest, IReadOnlyList<Notification> Items, PortalUser Customer, TimeZoneInfo Zone);

/// <summary>
/// Renders a digest as one email in the customer's language (right to left for Arabic, with a plain-text part) and
/// with what its topic needs (one-click unsubscribe for marketing). Implemented by the web project.
/// </summary>
public interface INotificationDigestRenderer
{
    EmailMessage Render(OutgoingDigest digest);
}

/// <summary>
/// Gathers each customer's emails that wait for a digest into one email per topic and period, when the period's slot
/// has come in the customer's own time zone, and sends it. Gathering creates the digest row and claims the deliveries
/// in one transaction (unique per customer, topic and period); sending works like <see cref="NotificationDispatcher"/>:
/// claim with a lease, send, record, retry with backoff, the same Message-ID on every attempt.
/// A topic switched back to instant releases its waiting emails at the next run, so they go out within minutes
/// rather than at the next digest time.
/// </summary>
public sealed class NotificationDigests(IServiceScopeFactory scopes, NotificationDigestOptions options, NotificationOptions sending,
    NotificationDispatcher dispatcher, TimeProvider clock, ILogger<NotificationDigests> log)
{
    /// <summary>Gathers what is due, then sends due digests; returns how many digests were sent.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await GatherAsync(ct);
        return await SendDueAsync(ct);
    }

    /// <summary>Creates the digests whose period has come; returns how many.</summary>
    public async Task<int> GatherAsync(CancellationToken ct)
    {
        List<(string CustomerId, NotificationTopic Topic)> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            waiting = (await Unclaimed(db).Select(d => new { d.CustomerId, d.Topic }).Distinct()
                    .OrderBy(d => d.CustomerId).ThenBy(d => d.Topic).Take(options.BatchSize).ToListAsync(ct))
                .Select(d => (d.CustomerId, d.Topic)).ToList();
        }
        var created = 0;
        foreach (var (customerId, topic) in waiting)
            if (await TryGatherAsync(customerId, topic, ct) is not null) created++;
        return created;
    }

    /// <summary>The customer's digest of <paramref name="topic"/> for the period that has come, or null (not due, nothing waiting, already made).</summary>
    public async Task<NotificationDigest?> TryGatherAsync(string customerId, NotificationTopic topic, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PortalDbContext>();
        var now = Now;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == customerId, ct);
        if (user is null) return null;
        var settings = await sp.GetRequiredService<NotificationPreferences>().ForAsync(customerId, ct);
        var zone = sp.GetRequiredService<CustomerTimeZones>().For(user);
        var mine = Unclaimed(db).Where(d => d.CustomerId == customerId && d.Topic == topic);

        if (!settings.IsEnabled(topic, NotificationChannel.Email))
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Suppressed)
                .SetProperty(d => d.Reason, DeliveryReasons.Preference), ct);
            return null;
        }
        var frequency = settings[topic].Frequency;
        if (frequency == NotificationFrequency.Instant)
        {
            // Back to "right away": what waited goes out now, after quiet hours if it is quiet.
            var quietEnd = settings.QuietHours?.EndsAfter(now, zone);
            var (status, due) = quietEnd is { } end ? (DeliveryStatus.WaitingForQuietHours, end) : (DeliveryStatus.Pending, now);
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.NextAttemptAtUtc, due), ct);
            return null;
        }
        if (DigestSchedule.LatestSlot(frequency, now, zone, settings.QuietHours, options) is not var (period, slot)) return null;

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            // Serializable starts SQLite's transaction with BEGIN IMMEDIATE; on PostgreSQL the unique indexes settle racers.
            await using var tx = await db.Database.BeginTransactionAsync(IsPostgres(db) ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable, ct);
            try
            {
                if (await db.Set<NotificationDigest>().AnyAsync(d => d.CustomerId == customerId && d.Topic == topic && d.PeriodStart == period, ct))
                    return null;
                var ids = await mine.Where(d => d.CreatedAtUtc <= slot).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
                if (ids.Count == 0) return null;
                var digest = new NotificationDigest
                {
                    CustomerId = customerId, Topic = topic, Frequency = frequency, PeriodStart = period, SlotUtc = slot,
                    MessageId = $"{Guid.NewGuid():N}@digests.portal", Status = DigestStatus.Pending, ItemCount = ids.Count,
                    CreatedAtUtc = now, NextAttemptAtUtc = now,
                    Items = ids.Select(id => new NotificationDigestItem { DeliveryId = id }).ToList(),
                };
                db.Add(digest);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return digest;
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                // Another run made this period's digest or took one of its messages first; look again.
                await tx.RollbackAsync(CancellationToken.None);
                if (attempt >= 3) return null;
            }
        }
    }

    /// <summary>Sends the digests that are due; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = Now;
            due = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<NotificationDigest>().AsNoTracking()
                .Where(d => d.Status == DigestStatus.Pending && d.NextAttemptAtUtc <= now)
                .OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id).Select(d => d.Id).Take(options.BatchSize).ToListAsync(ct);
        }
        var sent = 0;
        foreach (var id in due)
            if (await TrySendAsync(id, ct)) sent++;
        return sent;
    }

    /// <summary>One attempt at one digest; false when it was not due, someone else holds it, or it failed.</summary>
    public async Task<bool> TrySendAsync(long digestId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PortalDbContext>();
        var now = Now;
        var claimed = await db.Set<NotificationDigest>()
            .Where(d => d.Id == digestId && d.Status == DigestStatus.Pending && d.NextAttemptAtUtc <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastAttemptAtUtc, now)
                .SetProperty(d => d.NextAttemptAtUtc, now + sending.Lease), ct);
        if (claimed == 0) return false;

        var digest = await db.Set<NotificationDigest>().Include(d => d.Items).ThenInclude(i => i.Delivery).ThenInclude(d => d.Notification)
            .AsSplitQuery().SingleAsync(d => d.Id == digestId, ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == digest.CustomerId, ct);
        if (user is null) return await FinishAsync(db, digest, DigestStatus.Suppressed, DeliveryReasons.AccountGone, ct);
        // The customer may have changed their mind since the messages were gathered.
        var settings = await sp.GetRequiredService<NotificationPreferences>().ForAsync(digest.CustomerId, ct);
        if (!settings.IsEnabled(digest.Topic, NotificationChannel.Email))
            return await FinishAsync(db, digest, DigestStatus.Suppressed, DeliveryReasons.Preference, ct);
        if (string.IsNullOrEmpty(user.Email) || !user.EmailConfirmed)
            return await FinishAsync(db, digest, DigestStatus.Suppressed, DeliveryReasons.NoConfirmedEmail, ct);

        var items = digest.Items.Select(i => i.Delivery.Notification).OrderBy(n => n.CreatedAtUtc).ThenBy(n => n.Id).ToList();
        try
        {
            var message = sp.GetRequiredService<INotificationDigestRenderer>()
                .Render(new OutgoingDigest(digest, items, user, sp.GetRequiredService<CustomerTimeZones>().For(user)));
            await sp.GetRequiredService<IEmailSender>().SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Notification digest {DigestId} failed on attempt {Attempt}", digest.Id, digest.Attempts);
            digest.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            if (digest.Attempts >= sending.MaxAttempts)
                return await FinishAsync(db, digest, DigestStatus.Failed, DeliveryReasons.SendFailed, ct);
            digest.NextAttemptAtUtc = Now + dispatcher.Backoff(digest.Attempts);
            await db.SaveChangesAsync(CancellationToken.None);
            return false;
        }
        return await FinishAsync(db, digest, DigestStatus.Sent, null, ct);
    }

    /// <summary>Records the digest's outcome on it and on every message it carried, in one save.</summary>
    private async Task<bool> FinishAsync(PortalDbContext db, NotificationDigest digest, DigestStatus status, string? reason, CancellationToken ct)
    {
        var now = Now;
        (digest.Status, digest.Reason, digest.NextAttemptAtUtc) = (status, reason, null);
        if (status == DigestStatus.Sent) digest.SentAtUtc = now;
        foreach (var delivery in digest.Items.Select(i => i.Delivery))
        {
            delivery.Status = status switch
            {
                DigestStatus.Sent => DeliveryStatus.InDigest,
                DigestStatus.Failed => DeliveryStatus.Failed,
                _ => DeliveryStatus.Suppressed,
            };
            delivery.Reason = reason;
            delivery.Attempts = digest.Attempts;
            delivery.LastAttemptAtUtc = digest.LastAttemptAtUtc;
            delivery.NextAttemptAtUtc = null;
            if (status == DigestStatus.Sent) delivery.SentAtUtc = now;
        }
        // Recorded even when the run is being cancelled: the message went out.
        await db.SaveChangesAsync(CancellationToken.None);
        return status == DigestStatus.Sent;
    }

    /// <summary>Emails waiting for a digest and not yet gathered into one.</summary>
    private static IQueryable<NotificationDelivery> Unclaimed(PortalDbContext db) =>
        db.Set<NotificationDelivery>().Where(d => d.Status == DeliveryStatus.WaitingForDigest && d.Channel == NotificationChannel.Email
            && !db.Set<NotificationDigestItem>().Any(i => i.DeliveryId == d.Id));

    private static bool IsPostgres(PortalDbContext db) => db.Database.ProviderName?.Contains("Npgsql") == true;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <summary>The periodic job "notification-digests".</summary>
public sealed class NotificationDigestJob(NotificationDigests digests) : IPeriodicJob
{
    public const string Name = "notification-digests";

    public static readonly JobSchedule Schedule = new(Name, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

    public Task RunAsync(CancellationToken ct) => digests.RunAsync(ct);
}

public static class NotificationDigestServiceCollectionExtensions
{
    /// <summary>The digest job; the host adds an <see cref="INotificationDigestRenderer"/>. Options given here replace earlier ones.</summary>
    public static IServiceCollection AddNotificationDigests(this IServiceCollection services, NotificationDigestOptions? options = null)
    {
        if (options is not null) services.Replace(ServiceDescriptor.Singleton(options));
        else services.TryAddSingleton(new NotificationDigestOptions());
        services.TryAddSingleton<NotificationDigests>();
        if (!services.Any(d => d.ImplementationInstance is JobRegistration { JobType: var t } && t == typeof(NotificationDigestJob)))
            services.AddPeriodicJob<NotificationDigestJob>(NotificationDigestJob.Schedule);
        return services;
    }
}
