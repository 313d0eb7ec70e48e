using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Events;

/// <summary>How a handler's acknowledgement relates to its effect.</summary>
public enum HandlerTransaction
{
    /// <summary>
    /// The dispatcher opens the transaction: the handler's database writes and the acknowledgement commit together,
    /// so a redelivery never repeats them. The handler must not begin a transaction of its own.
    /// </summary>
    Dispatcher,

    /// <summary>
    /// The handler calls something that runs its own transaction (PointsLedger.WriteAsync). The acknowledgement is
    /// saved right after it returns, so a crash in between repeats the handler: its effect must be idempotent by
    /// <see cref="EventContext.EventId"/> (a ledger idempotency key such as "event:{EventId}").
    /// </summary>
    Own,
}

/// <summary>One handler of one event type, as added by AddEventHandler.</summary>
public sealed class EventHandlerRegistration(
    Type eventType, Type handlerType, string name, HandlerTransaction transaction,
    Func<IServiceProvider, IDomainEvent, EventContext, CancellationToken, Task> invoke)
{
    public Type EventType => eventType;
    public Type HandlerType => handlerType;

    /// <summary>Recorded with each acknowledgement: renaming a handler makes it see old events again.</summary>
    public string Name => name;

    public HandlerTransaction Transaction => transaction;

    internal Task InvokeAsync(IServiceProvider services, IDomainEvent e, EventContext context, CancellationToken ct) =>
        invoke(services, e, context, ct);

    internal static EventHandlerRegistration For<TEvent, THandler>(string? name, HandlerTransaction transaction)
        where TEvent : class, IDomainEvent where THandler : class, IHandle<TEvent> =>
        new(typeof(TEvent), typeof(THandler), name ?? typeof(THandler).FullName!, transaction,
            (sp, e, context, ct) => sp.GetRequiredService<THandler>().HandleAsync((TEvent)e, context, ct));
}

/// <summary>Every registered handler, by event type, in registration order.</summary>
public sealed class EventHandlerRegistry
{
    private readonly Dictionary<Type, List<EventHandlerRegistration>> _byEvent = [];

    public EventHandlerRegistry(IEnumerable<EventHandlerRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_byEvent.TryGetValue(registration.EventType, out var list)) _byEvent[registration.EventType] = list = [];
            if (list.Any(h => h.Name == registration.Name))
                throw new InvalidOperationException($"Two handlers of {registration.EventType.Name} are named {registration.Name}.");
            list.Add(registration);
        }
    }

    public IReadOnlyList<EventHandlerRegistration> For(Type eventType) =>
        _byEvent.TryGetValue(eventType, out var list) ? list : [];

    public IEnumerable<EventHandlerRegistration> All => _byEvent.Values.SelectMany(l => l);
}
