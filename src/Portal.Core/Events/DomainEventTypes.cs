using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Portal.Core.Events;

/// <summary>Registers an event type that lives outside Portal.Core (see <see cref="EventsServiceCollectionExtensions.AddDomainEvent{TEvent}"/>).</summary>
public sealed record DomainEventRegistration(Type EventType);

/// <summary>
/// Every event type by its stable name: all <see cref="IDomainEvent"/> records in Portal.Core plus those registered.
/// The name is the record's name, so renaming or moving a record means keeping the old name resolvable.
/// </summary>
public sealed class DomainEventTypes
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);

    public DomainEventTypes(IEnumerable<DomainEventRegistration> registrations)
    {
        var own = typeof(IDomainEvent).Assembly.GetTypes().Where(IsEventType);
        foreach (var type in own.Concat(registrations.Select(r => r.EventType)).Distinct())
        {
            if (!IsEventType(type)) throw new ArgumentException($"{type} is not a concrete {nameof(IDomainEvent)}.");
            var name = NameOf(type);
            if (_byName.TryGetValue(name, out var other) && other != type)
                throw new InvalidOperationException($"Two event types are named {name}: {other} and {type}.");
            _byName[name] = type;
        }
    }

    public IReadOnlyCollection<Type> All => _byName.Values;

    public static string NameOf(Type eventType) => eventType.Name;

    /// <summary>False for kinds marked <see cref="NotLookedUpByStreamAttribute"/>.</summary>
    public static bool IsLookedUpByStream(Type eventType) =>
        LookedUp.GetOrAdd(eventType, t => !t.IsDefined(typeof(NotLookedUpByStreamAttribute), inherit: false));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> LookedUp = new();

    public bool IsKnown(Type eventType) => _byName.TryGetValue(NameOf(eventType), out var t) && t == eventType;

    public Type? Resolve(string name) => _byName.GetValueOrDefault(name);

    internal static string Serialize(IDomainEvent e) => JsonSerializer.Serialize(e, e.GetType(), Json);

    internal IDomainEvent Deserialize(string type, string payload)
    {
        var eventType = Resolve(type) ?? throw new InvalidOperationException($"Unknown event type {type}.");
        return (IDomainEvent)(JsonSerializer.Deserialize(payload, eventType, Json)
            ?? throw new InvalidOperationException($"Empty payload for {type}."));
    }

    private static bool IsEventType(Type t) => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IDomainEvent).IsAssignableFrom(t);

    // StreamKey is derived from the facts, so it is not stored twice.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (!typeof(IDomainEvent).IsAssignableFrom(info.Type)) return;
                    var streamKey = info.Properties.FirstOrDefault(p => p.Name == nameof(IDomainEvent.StreamKey));
                    if (streamKey is not null) info.Properties.Remove(streamKey);
                },
            },
        },
    };
}
