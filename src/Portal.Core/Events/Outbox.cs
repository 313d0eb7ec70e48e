using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Events;

/// <summary>
/// Raises events inside the caller's unit of work: <see cref="Raise"/> only adds a row to the context, so the
/// caller's own SaveChanges (in its transaction) stores the event with the change, or neither.
/// </summary>
public sealed class Outbox(PortalDbContext db, TimeProvider clock, DomainEventTypes types)
{
    private readonly Dictionary<IDomainEvent, OutboxMessage> _raised = new(ReferenceEqualityComparer.Instance);

    /// <summary>Adds the event to the context; it is saved by the caller's next SaveChanges.</summary>
    public void Raise(IDomainEvent e) => Add(e, NewEventId());

    /// <summary>
    /// A new event id that sorts by time (UUID version 7): the unique index on EventId (and HandledEvent's) then grows
    /// at its end instead of taking a write in a random page for every event.
    /// </summary>
    public static Guid NewEventId() => Guid.CreateVersion7();

    /// <summary>
    /// Raises <paramref name="e"/> under <paramref name="eventId"/> unless an event with that id is already stored or
    /// raised here: for a fact that must be told once however often it is noticed (a warning from a daily job).
    /// Use <see cref="EventIdFor"/> for the id. Two racing callers are kept to one by the unique index on EventId
    /// (the loser's SaveChanges fails with a unique violation). Returns false when the event was already raised.
    /// </summary>
    public async Task<bool> RaiseOnceAsync(IDomainEvent e, Guid eventId, CancellationToken ct = default)
    {
        if (_raised.Values.Any(m => m.EventId == eventId)
            || await db.Set<OutboxMessage>().AsNoTracking().AnyAsync(m => m.EventId == eventId, ct))
            return false;
        Add(e, eventId);
        return true;
    }

    /// <summary>A stable event id for <paramref name="key"/> (a name-based UUID, version 5 layout over SHA-256).</summary>
    public static Guid EventIdFor(string key)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("portal-event:" + key));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private void Add(IDomainEvent e, Guid eventId)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_raised.ContainsKey(e)) return;
        var message = Message(e, eventId);
        db.Add(message);
        _raised[e] = message;
    }

    /// <summary>
    /// The row <see cref="Raise"/> would add, left out of the context: for a writer that stores a batch's rows itself
    /// (the points ledger's batches), in the same transaction as the change.
    /// </summary>
    internal OutboxMessage Message(IDomainEvent e, Guid eventId)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!types.IsKnown(e.GetType()))
            throw new InvalidOperationException($"{e.GetType()} is not a registered event type: call services.AddDomainEvent<{e.GetType().Name}>().");
        return new OutboxMessage
        {
            EventId = eventId,
            Type = DomainEventTypes.NameOf(e.GetType()),
            Payload = DomainEventTypes.Serialize(e),
            StreamKey = e.StreamKey,
            StreamLookupKey = DomainEventTypes.IsLookedUpByStream(e.GetType()) ? e.StreamKey : null,
            OccurredAtUtc = clock.GetUtcNow().UtcDateTime,
        };
    }

    /// <summary>
    /// Drops an event raised but not saved yet, when the operation it belongs to failed (Identity's UserManager
    /// saves by itself, so a failed step can leave raised events waiting for the next SaveChanges). Returns false
    /// when the event is unknown here or already saved.
    /// </summary>
    public bool Forget(IDomainEvent e)
    {
        if (!_raised.Remove(e, out var message)) return false;
        var entry = db.Entry(message);
        if (entry.State != EntityState.Added) return false;
        entry.State = EntityState.Detached;
        return true;
    }

    /// <summary>Drops every event raised through this context and not saved yet.</summary>
    public int ForgetUnsaved()
    {
        var unsaved = db.ChangeTracker.Entries<OutboxMessage>().Where(m => m.State == EntityState.Added).ToList();
        foreach (var entry in unsaved) entry.State = EntityState.Detached;
        _raised.Clear();
        return unsaved.Count;
    }
}
