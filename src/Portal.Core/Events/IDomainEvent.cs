namespace Portal.Core.Events;

/// <summary>
/// Something that happened, raised through <see cref="Outbox.Raise"/> and saved with the change that caused it.
/// Events carry ids and facts, never names or emails: what identifies a person is read when the event is handled.
/// </summary>
public interface IDomainEvent
{
    /// <summary>Events of one stream are delivered in the order they were raised (usually the customer's user id).</summary>
    string StreamKey { get; }
}

/// <summary>
/// Events of this kind are never looked up by their stream (their facts have tables of their own: purchases, the points
/// ledger, segment history), so the outbox leaves them out of its per-stream index
/// (<see cref="OutboxMessage.StreamLookupKey"/> is null). A purchase batch raises two such events per purchase, and
/// each entry in that index is a write at the customer's place: the index was a quarter of the batch's time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotLookedUpByStreamAttribute : Attribute;

/// <summary>
/// Reacts to one kind of event. Runs in its own DI scope inside a database transaction that also records the
/// acknowledgement, so its database effect happens once. An outside effect (an email) should carry
/// <see cref="EventContext.EventId"/> so that the rare repeat (a crash right after sending) is recognisable.
/// </summary>
public interface IHandle<in TEvent> where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent e, EventContext context, CancellationToken ct);
}

/// <param name="EventId">Stable across redeliveries: use it as the idempotency key of an outside effect.</param>
/// <param name="Attempt">1 on the first delivery.</param>
public sealed record EventContext(Guid EventId, DateTime OccurredAtUtc, int Attempt);
