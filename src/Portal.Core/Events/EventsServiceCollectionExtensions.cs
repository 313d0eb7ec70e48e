using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// The outbox, its dispatcher and admin queries. AddPortalCore calls it and puts
    /// <see cref="OutboxSaveChangesInterceptor"/> on the DbContext; the dispatcher runs once AddPortalJobs is called.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, Action<OutboxOptions>? configure = null)
    {
        if (configure is not null) services.AddSingleton(new OutboxOptionsSetup(configure));
        services.TryAddSingleton(sp =>
        {
            var options = new OutboxOptions();
            foreach (var setup in sp.GetServices<OutboxOptionsSetup>()) setup.Configure(options);
            return options;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DomainEventTypes>();
        services.TryAddSingleton<EventHandlerRegistry>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxSaveChangesInterceptor>();
        services.TryAddScoped<Outbox>();
        services.TryAddScoped<OutboxAdmin>();
        services.TryAddSingleton<OutboxDispatcher>();
        return services;
    }

    /// <summary>
    /// Adds a handler of <typeparamref name="TEvent"/> (scoped). <paramref name="name"/> is stored with each
    /// acknowledgement and defaults to the handler type's full name.
    /// </summary>
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services, string? name = null,
        HandlerTransaction transaction = HandlerTransaction.Dispatcher)
        where TEvent : class, IDomainEvent where THandler : class, IHandle<TEvent>
    {
        services.AddOutbox();
        services.TryAddScoped<THandler>();
        services.AddSingleton(new DomainEventRegistration(typeof(TEvent)));
        services.AddSingleton(EventHandlerRegistration.For<TEvent, THandler>(name, transaction));
        return services;
    }

    /// <summary>Makes an event type from outside Portal.Core resolvable by its name (Portal.Core's own are found by themselves).</summary>
    public static IServiceCollection AddDomainEvent<TEvent>(this IServiceCollection services) where TEvent : class, IDomainEvent
    {
        services.AddOutbox();
        services.AddSingleton(new DomainEventRegistration(typeof(TEvent)));
        return services;
    }

    private sealed record OutboxOptionsSetup(Action<OutboxOptions> Configure);
}
