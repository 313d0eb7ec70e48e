using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Notifications;

public sealed record InboxItem(long Id, NotificationTopic Topic, string Title, string Body, string? Link, string Language,
    DateTime CreatedAtUtc, DateTime? ReadAtUtc)
{
    public bool IsRead => ReadAtUtc is not null;
}

public sealed record HistoryItem(long DeliveryId, long NotificationId, NotificationTopic Topic, NotificationChannel Channel,
    DeliveryStatus Status, string? Reason, string Title, string Language, int Attempts, DateTime CreatedAtUtc, DateTime? SentAtUtc, DateTime? NextAttemptAtUtc);

/// <summary>One try at a delivery, for the customer's history (the provider's answer stays out: it is for staff and support).</summary>
public sealed record AttemptItem(long DeliveryId, int Number, DateTime StartedAtUtc, AttemptOutcome? Outcome, int? DurationMs);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < Pages;
}

/// <summary>A customer's in-app inbox (what reached the bell) and the history of every delivery; all reads are the customer's own.</summary>
public sealed class NotificationInbox(PortalDbContext db, TimeProvider clock)
{
    public const int MaxPageSize = 50;

    private IQueryable<Notification> InApp(string customerId) =>
        db.Set<Notification>().AsNoTracking().Where(n => n.CustomerId == customerId
            && n.Deliveries.Any(d => d.Channel == NotificationChannel.InApp && d.Status != DeliveryStatus.Suppressed));

    /// <summary>The bell's count, on every page a customer opens: the same filter as <see cref="InApp"/>, as a plain command.</summary>
    public Task<int> UnreadCountAsync(string customerId, CancellationToken ct = default) =>
        HotReads.FirstRowAsync(db, UnreadSql, r => Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), ct, ("@customerId", customerId));

    private static readonly string UnreadSql = "SELECT " + UnreadCountOf("@customerId");

    /// <summary>
    /// The bell's count for the user whose id is the SQL expression <paramref name="userId"/>, as a scalar subquery:
    /// the session check every page makes first reads it beside the session (<c>SignInSessions</c>), so a page asks once.
    /// </summary>
    // Enums are stored by name (PortalDbContext.ConfigureConventions).
    public static string UnreadCountOf(string userId) => $"""
        (SELECT COUNT(*) FROM "Notification" AS n
        WHERE n."CustomerId" = {userId} AND n."ReadAtUtc" IS NULL AND EXISTS (
            SELECT 1 FROM "NotificationDelivery" AS d
            WHERE d."NotificationId" = n."Id" AND d."Channel" = '{nameof(NotificationChannel.InApp)}' AND d."Status" <> '{nameof(DeliveryStatus.Suppressed)}'))
        """;

    public async Task<Paged<InboxItem>> PageAsync(string customerId, int page, int pageSize = 20, bool unreadOnly = false, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, MaxPageSize));
        var query = InApp(customerId);
        if (unreadOnly) query = query.Where(n => n.ReadAtUtc == null);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new InboxItem(n.Id, n.Topic, n.Title, n.Body, n.Link, n.Language, n.CreatedAtUtc, n.ReadAtUtc)).ToListAsync(ct);
        return new Paged<InboxItem>(items, page, pageSize, total);
    }

    /// <summary>The inbox by cursor (the API's): those older than <paramref name="before"/> (an id), newest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxBeforeAsync(string customerId, long? before, int take, bool unreadOnly = false, CancellationToken ct = default)
    {
        var query = InApp(customerId);
        if (unreadOnly) query = query.Where(n => n.ReadAtUtc == null);
        if (before is { } b) query = query.Where(n => n.Id < b);
        return await query.OrderByDescending(n => n.Id).Take(take)
            .Select(n => new InboxItem(n.Id, n.Topic, n.Title, n.Body, n.Link, n.Language, n.CreatedAtUtc, n.ReadAtUtc)).ToListAsync(ct);
    }

    /// <summary>False when the notification is not this customer's.</summary>
    public async Task<bool> MarkReadAsync(string customerId, long notificationId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var exists = await db.Set<Notification>().AnyAsync(n => n.Id == notificationId && n.CustomerId == customerId, ct);
        if (!exists) return false;
        await db.Set<Notification>().Where(n => n.Id == notificationId && n.CustomerId == customerId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        return true;
    }

    /// <summary>Marks the notification read and returns where it leads; null when it is not this customer's.</summary>
    public async Task<string?> OpenAsync(string customerId, long notificationId, CancellationToken ct = default)
    {
        var link = await db.Set<Notification>().AsNoTracking().Where(n => n.Id == notificationId && n.CustomerId == customerId)
            .Select(n => new { n.Link }).SingleOrDefaultAsync(ct);
        if (link is null) return null;
        await MarkReadAsync(customerId, notificationId, ct);
        return link.Link ?? "";
    }

    /// <summary>Returns how many were marked.</summary>
    public Task<int> MarkAllReadAsync(string customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<Notification>().Where(n => n.CustomerId == customerId && n.ReadAtUtc == null
                && n.Deliveries.Any(d => d.Channel == NotificationChannel.InApp && d.Status != DeliveryStatus.Suppressed))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
    }

    private static readonly System.Linq.Expressions.Expression<Func<NotificationDelivery, HistoryItem>> ToHistoryItem = d => new HistoryItem(
        d.Id, d.NotificationId, d.Topic, d.Channel, d.Status, d.Reason, d.Notification.Title, d.Notification.Language,
        d.Attempts, d.CreatedAtUtc, d.SentAtUtc, d.NextAttemptAtUtc);

    // /notifications reads its first page on every visit: the unfiltered page is compiled once (filters are rarer and
    // build their query as before).
    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<int>>> DeliveryCountOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) =>
            db.Set<NotificationDelivery>().Count(d => d.CustomerId == customerId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, int, int, IAsyncEnumerable<HistoryItem>>> DeliveriesOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, int skip, int take) => db.Set<NotificationDelivery>().AsNoTracking()
            .Where(d => d.CustomerId == customerId).OrderByDescending(d => d.Id).Skip(skip).Take(take)
            .Select(ToHistoryItem)));

    /// <summary>Every delivery, newest first; filtered by topic, channel or status when given.</summary>
    public async Task<Paged<HistoryItem>> HistoryAsync(string customerId, int page, int pageSize = 20,
        NotificationTopic? topic = null, NotificationChannel? channel = null, DeliveryStatus? status = null, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, MaxPageSize));
        if (topic is null && channel is null && status is null)
        {
            var count = await DeliveryCountOf.For(db)(db, customerId, ct);
            var rows = await DeliveriesOf.For(db)(db, customerId, (page - 1) * pageSize, pageSize).ToListAsync(ct);
            return new Paged<HistoryItem>(rows, page, pageSize, count);
        }
        var query = db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.CustomerId == customerId);
        if (topic is { } t) query = query.Where(d => d.Topic == t);
        if (channel is { } c) query = query.Where(d => d.Channel == c);
        if (status is { } s) query = query.Where(d => d.Status == s);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(ToHistoryItem).ToListAsync(ct);
        return new Paged<HistoryItem>(items, page, pageSize, total);
    }

    /// <summary>The attempts at these deliveries, in order, for the deliveries that are the customer's.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<AttemptItem>>> AttemptsAsync(string customerId, IReadOnlyCollection<long> deliveryIds,
        CancellationToken ct = default)
    {
        if (deliveryIds.Count == 0) return new Dictionary<long, IReadOnlyList<AttemptItem>>();
        var ids = deliveryIds.ToList();
        var rows = await db.Set<NotificationDeliveryAttempt>().AsNoTracking()
            .Where(a => a.CustomerId == customerId && ids.Contains(a.DeliveryId))
            .OrderBy(a => a.DeliveryId).ThenBy(a => a.Number)
            .Select(a => new AttemptItem(a.DeliveryId, a.Number, a.StartedAtUtc, a.Outcome, a.DurationMs)).ToListAsync(ct);
        return rows.GroupBy(a => a.DeliveryId).ToDictionary(g => g.Key, g => (IReadOnlyList<AttemptItem>)g.ToList());
    }

    /// <summary>The delivery history by cursor (the API's): those older than <paramref name="before"/> (an id), newest first.</summary>
    public async Task<IReadOnlyList<HistoryItem>> HistoryBeforeAsync(string customerId, long? before, int take,
        NotificationTopic? topic = null, NotificationChannel? channel = null, DeliveryStatus? status = null, CancellationToken ct = default)
    {
        var query = db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.CustomerId == customerId);
        if (topic is { } t) query = query.Where(d => d.Topic == t);
        if (channel is { } c) query = query.Where(d => d.Channel == c);
        if (status is { } s) query = query.Where(d => d.Status == s);
        if (before is { } b) query = query.Where(d => d.Id < b);
        return await query.OrderByDescending(d => d.Id).Take(take)
            .Select(ToHistoryItem).ToListAsync(ct);
    }
}
