using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Jobs;
using Portal.Core.Segments;

namespace Portal.Core.Notifications.Sending;

public static class SendRules
{
    public const int MaxTitleLength = 120;
    public const int MaxBodyLength = 1000;
    public const int MaxLinkLength = 300;

    /// <summary>A path in this portal ("/offers"), never another site: no scheme, no "//host", no backslashes.</summary>
    public static bool IsPortalPath(string link) =>
        link.Length <= MaxLinkLength && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal)
        && !link.Contains('\\') && !link.Any(char.IsWhiteSpace) && !link.Any(char.IsControl)
        && Uri.IsWellFormedUriString(link, UriKind.Relative);
}

/// <summary>What staff wrote: to whom, about what, on which channels, in both languages.</summary>
/// <param name="CustomerNumber">The Customer ID typed, for <see cref="SendAudienceKind.Customer"/>.</param>
public sealed record SendDraft(SendAudienceKind AudienceKind, string? CustomerNumber, Segment? Segment, NotificationTopic Topic,
    IReadOnlySet<NotificationChannel> Channels, string? TitleEn, string? BodyEn, string? TitleAr, string? BodyAr, string? Link);

/// <summary>Who is sending, for the record: a staff member (page or token) or an integration key.</summary>
public sealed record SendActor(string? UserId, string Name, string Via);

public enum SendError
{
    CustomerIdRequired, InvalidCustomerId, UnknownCustomer, SegmentRequired, NoChannel,
    TitleEnRequired, BodyEnRequired, TitleArRequired, BodyArRequired, TitleTooLong, BodyTooLong, InvalidLink,
}

/// <summary>One channel in a plan: how many will get it, and why the others will not.</summary>
/// <param name="Available">False when the portal has no sender for the channel yet (it gets no deliveries).</param>
public sealed record ChannelReach(NotificationChannel Channel, bool Available, int Receive, int OffByPreference, int NoAddress);

/// <param name="Recipients">Customers in the audience: each gets one notification (in-app inbox or not).</param>
public sealed record SendPlan(int Recipients, IReadOnlyList<ChannelReach> Channels)
{
    public int Receive(NotificationChannel channel) => Channels.FirstOrDefault(c => c.Channel == channel)?.Receive ?? 0;
    public int OffByPreference => Channels.Sum(c => c.OffByPreference);
}

public sealed record SendOutcome(NotificationSend? Send, IReadOnlyList<SendError> Errors, bool Repeated = false);

/// <summary>Delivery figures for one topic on one channel over a period. <see cref="Read"/> is known for in-app only.</summary>
/// <param name="FailedAttempts">Tries that did not go through, whether or not a later one did.</param>
/// <param name="Retried">Deliveries that needed more than one try.</param>
public sealed record DeliveryStat(NotificationTopic Topic, NotificationChannel Channel, int Sent, int Failed, int Suppressed, int Waiting, int? Read,
    int FailedAttempts = 0, int Retried = 0)
{
    public int Total => Sent + Failed + Suppressed + Waiting;
}

/// <summary>
/// Staff sends: checks a draft, counts who will receive it on which channel (set-based, in the database), records the
/// send and leaves the fan-out to <see cref="NotificationSendJob"/>; statistics for the staff page.
/// </summary>
public sealed class NotificationSends(PortalDbContext db, Notifier notifier, JobRunner jobs, TimeProvider clock,
    IEnumerable<INotificationChannel> channels)
{
    public const int DefaultBatchSize = 200;
    public static readonly IReadOnlyList<int> Periods = [7, 30, 90];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Problems with the draft; resolves the Customer ID to an account when it is valid.</summary>
    public async Task<(IReadOnlyList<SendError> Errors, string? CustomerId)> CheckAsync(SendDraft draft, CancellationToken ct = default)
    {
        var errors = new List<SendError>();
        string? customerId = null;
        if (draft.AudienceKind == SendAudienceKind.Customer)
        {
            if (string.IsNullOrWhiteSpace(draft.CustomerNumber)) errors.Add(SendError.CustomerIdRequired);
            else if (!Customers.CustomerNumber.TryParse(draft.CustomerNumber, out var number)) errors.Add(SendError.InvalidCustomerId);
            else if ((customerId = await CustomersOnly().Where(u => u.CustomerNumber == number.Value).Select(u => u.Id).FirstOrDefaultAsync(ct)) is null)
                errors.Add(SendError.UnknownCustomer);
        }
        else if (draft.Segment is null) errors.Add(SendError.SegmentRequired);
        if (draft.Channels.Count == 0) errors.Add(SendError.NoChannel);
        if (string.IsNullOrWhiteSpace(draft.TitleEn)) errors.Add(SendError.TitleEnRequired);
        if (string.IsNullOrWhiteSpace(draft.BodyEn)) errors.Add(SendError.BodyEnRequired);
        if (string.IsNullOrWhiteSpace(draft.TitleAr)) errors.Add(SendError.TitleArRequired);
        if (string.IsNullOrWhiteSpace(draft.BodyAr)) errors.Add(SendError.BodyArRequired);
        if ((draft.TitleEn?.Trim().Length ?? 0) > SendRules.MaxTitleLength || (draft.TitleAr?.Trim().Length ?? 0) > SendRules.MaxTitleLength)
            errors.Add(SendError.TitleTooLong);
        if ((draft.BodyEn?.Trim().Length ?? 0) > SendRules.MaxBodyLength || (draft.BodyAr?.Trim().Length ?? 0) > SendRules.MaxBodyLength)
            errors.Add(SendError.BodyTooLong);
        if (!string.IsNullOrWhiteSpace(draft.Link) && !SendRules.IsPortalPath(draft.Link.Trim())) errors.Add(SendError.InvalidLink);
        return (errors, customerId);
    }

    /// <summary>
    /// How many would receive it on each ticked channel now, after preferences (Security ignores them) and addresses
    /// (a confirmed email, a confirmed phone for SMS). A few COUNT queries, whatever the size of the audience.
    /// </summary>
    public async Task<SendPlan> PlanAsync(SendAudienceKind kind, string? customerId, Segment? segment, NotificationTopic topic,
        IReadOnlySet<NotificationChannel> ticked, CancellationToken ct = default)
    {
        var audience = Audience(kind, customerId, segment);
        var total = await audience.CountAsync(ct);
        var available = channels.Select(c => c.Channel).ToHashSet();
        var critical = NotificationTopics.IsCritical(topic);
        var reach = new List<ChannelReach>();
        foreach (var channel in NotificationTopics.Channels.Where(ticked.Contains))
        {
            if (!available.Contains(channel))
            {
                reach.Add(new ChannelReach(channel, false, 0, 0, 0));
                continue;
            }
            var choices = db.Set<NotificationPreference>().Where(p => p.Topic == topic && p.Channel == channel);
            var on = critical ? audience
                : NotificationTopics.DefaultEnabled(topic, channel) ? audience.Where(u => !choices.Any(p => p.CustomerId == u.Id && !p.Enabled))
                : audience.Where(u => choices.Any(p => p.CustomerId == u.Id && p.Enabled));
            var enabled = critical ? total : await on.CountAsync(ct);
            var receive = channel switch
            {
                NotificationChannel.Email => await on.CountAsync(u => u.Email != null && u.EmailConfirmed, ct),
                NotificationChannel.Sms => await on.CountAsync(u => u.PhoneNumber != null && u.PhoneNumberConfirmed, ct),
                _ => enabled,
            };
            reach.Add(new ChannelReach(channel, true, receive, total - enabled, enabled - receive));
        }
        return new SendPlan(total, reach);
    }

    /// <summary>
    /// Records a send (and its plan) and wakes the job that notifies the audience. The same
    /// <paramref name="idempotencyKey"/> returns the first send and records nothing new.
    /// </summary>
    public async Task<SendOutcome> CreateAsync(SendDraft draft, SendActor actor, string? idempotencyKey, CancellationToken ct = default)
    {
        if (idempotencyKey is not null
            && await db.Set<NotificationSend>().AsNoTracking().FirstOrDefaultAsync(s => s.IdempotencyKey == idempotencyKey, ct) is { } earlier)
            return new SendOutcome(earlier, [], Repeated: true);
        var (errors, customerId) = await CheckAsync(draft, ct);
        if (errors.Count > 0) return new SendOutcome(null, errors);

        var plan = await PlanAsync(draft.AudienceKind, customerId, draft.Segment, draft.Topic, draft.Channels, ct);
        var send = new NotificationSend
        {
            CreatedAtUtc = Now, SentByUserId = actor.UserId, SentByName = Clip(actor.Name, 100), Via = actor.Via,
            AudienceKind = draft.AudienceKind,
            CustomerId = draft.AudienceKind == SendAudienceKind.Customer ? customerId : null,
            CustomerNumber = draft.AudienceKind == SendAudienceKind.Customer && Customers.CustomerNumber.TryParse(draft.CustomerNumber, out var n) ? n.Value : null,
            Segment = draft.AudienceKind == SendAudienceKind.Segment ? draft.Segment : null,
            Topic = draft.Topic,
            Channels = string.Join(',', NotificationTopics.Channels.Where(draft.Channels.Contains)),
            TitleEn = draft.TitleEn!.Trim(), BodyEn = draft.BodyEn!.Trim(), TitleAr = draft.TitleAr!.Trim(), BodyAr = draft.BodyAr!.Trim(),
            Link = string.IsNullOrWhiteSpace(draft.Link) ? null : draft.Link.Trim(),
            IdempotencyKey = idempotencyKey,
            Status = NotificationSendStatus.Queued,
            PlannedRecipients = plan.Recipients,
            PlannedEmail = plan.Receive(NotificationChannel.Email), PlannedSms = plan.Receive(NotificationChannel.Sms),
            PlannedPush = plan.Receive(NotificationChannel.Push), PlannedInApp = plan.Receive(NotificationChannel.InApp),
            PlannedSuppressed = plan.OffByPreference,
        };
        db.Add(send);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (idempotencyKey is not null && DatabaseErrors.IsUniqueViolation(e))
        {
            // A twin request with the same key saved first: that send stands.
            db.ChangeTracker.Clear();
            return new SendOutcome(await db.Set<NotificationSend>().AsNoTracking().FirstAsync(s => s.IdempotencyKey == idempotencyKey, ct), [], Repeated: true);
        }
        await jobs.TriggerAsync(NotificationSendJob.Name, ct);
        return new SendOutcome(send, []);
    }

    /// <summary>
    /// Notifies the next batch of a send's audience, in account id order, each in their language; the batch and the
    /// cursor commit together, and the source key keeps a customer to one notification, so a repeat after a crash
    /// notifies nobody twice. False when the send is complete.
    /// </summary>
    public async Task<bool> SendNextBatchAsync(long sendId, int batchSize = DefaultBatchSize, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var send = await db.Set<NotificationSend>().SingleOrDefaultAsync(s => s.Id == sendId, ct);
        if (send is null || send.Status == NotificationSendStatus.Completed) return false;
        var cursor = send.Cursor ?? "";
        var batch = await Audience(send.AudienceKind, send.CustomerId, send.Segment)
            .Where(u => string.Compare(u.Id, cursor) > 0).OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.PreferredLanguage }).Take(batchSize).ToListAsync(ct);
        var only = send.ChannelSet;
        foreach (var member in batch)
        {
            var language = Languages.IsSupported(member.PreferredLanguage) ? member.PreferredLanguage : Languages.English;
            var (title, body) = send.Text(language);
            if (await notifier.NotifyAsync(new NotificationRequest(member.Id, send.Topic, send.SourceKey, language, title, body, send.Link, only), ct) is not null)
                send.Notified++;
        }
        if (batch.Count > 0) send.Cursor = batch[^1].Id;
        if (batch.Count < batchSize) (send.Status, send.CompletedAtUtc) = (NotificationSendStatus.Completed, Now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return send.Status != NotificationSendStatus.Completed;
    }

    public async Task<IReadOnlyList<long>> UnfinishedAsync(CancellationToken ct = default) =>
        await db.Set<NotificationSend>().AsNoTracking().Where(s => s.Status != NotificationSendStatus.Completed).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);

    public Task<NotificationSend?> FindAsync(long id, CancellationToken ct = default) =>
        db.Set<NotificationSend>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);

    public async Task<IReadOnlyList<NotificationSend>> RecentAsync(int count = 10, CancellationToken ct = default) =>
        await db.Set<NotificationSend>().AsNoTracking().OrderByDescending(s => s.Id).Take(count).ToListAsync(ct);

    /// <summary>Every delivery made in the last <paramref name="days"/> days, per topic and channel, in two grouped queries.</summary>
    public async Task<IReadOnlyList<DeliveryStat>> StatsAsync(int days, CancellationToken ct = default)
    {
        var since = Now.AddDays(-days);
        var deliveries = db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.CreatedAtUtc >= since);
        var rows = await deliveries
            .GroupBy(d => new { d.Topic, d.Channel, d.Status, Read = d.Notification.ReadAtUtc != null, Retried = d.Attempts > 1 })
            .Select(g => new { g.Key.Topic, g.Key.Channel, g.Key.Status, g.Key.Read, g.Key.Retried, Count = g.Count() })
            .ToListAsync(ct);
        var failedAttempts = (await db.Set<NotificationDeliveryAttempt>().AsNoTracking().Where(a => a.Outcome == AttemptOutcome.Failed)
            .Join(deliveries, a => a.DeliveryId, d => d.Id, (a, d) => new { d.Topic, d.Channel })
            .GroupBy(x => new { x.Topic, x.Channel })
            .Select(g => new { g.Key.Topic, g.Key.Channel, Count = g.Count() })
            .ToListAsync(ct)).ToDictionary(x => (x.Topic, x.Channel), x => x.Count);
        return rows.GroupBy(r => (r.Topic, r.Channel)).OrderBy(g => g.Key.Topic).ThenBy(g => g.Key.Channel)
            .Select(g => new DeliveryStat(g.Key.Topic, g.Key.Channel,
                g.Where(r => r.Status is DeliveryStatus.Sent or DeliveryStatus.InDigest).Sum(r => r.Count),
                g.Where(r => r.Status == DeliveryStatus.Failed).Sum(r => r.Count),
                g.Where(r => r.Status == DeliveryStatus.Suppressed).Sum(r => r.Count),
                g.Where(r => r.Status is DeliveryStatus.Pending or DeliveryStatus.WaitingForQuietHours or DeliveryStatus.WaitingForDigest).Sum(r => r.Count),
                g.Key.Channel == NotificationChannel.InApp ? g.Where(r => r.Read && r.Status == DeliveryStatus.Sent).Sum(r => r.Count) : null,
                failedAttempts.GetValueOrDefault(g.Key),
                g.Where(r => r.Retried).Sum(r => r.Count)))
            .ToList();
    }

    private IQueryable<PortalUser> CustomersOnly() =>
        db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Customer)));

    /// <summary>The customers a send reaches; customers not scored yet count as <see cref="Segment.New"/>, as offers do.</summary>
    private IQueryable<PortalUser> Audience(SendAudienceKind kind, string? customerId, Segment? segment)
    {
        if (kind == SendAudienceKind.Customer) return CustomersOnly().Where(u => u.Id == customerId);
        var scores = db.Set<CustomerScore>();
        var wanted = segment ?? Segment.New;
        return wanted == Segment.New
            ? CustomersOnly().Where(u => scores.Any(s => s.CustomerId == u.Id && s.Segment == wanted) || !scores.Any(s => s.CustomerId == u.Id))
            : CustomersOnly().Where(u => scores.Any(s => s.CustomerId == u.Id && s.Segment == wanted));
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
