using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Core.Notifications.Digests;

namespace Portal.Core.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Preferences, the notifier, the dispatcher and its job, and the email and in-app channels. The host adds an
    /// <see cref="INotificationEmailRenderer"/> and an <see cref="INotificationDigestRenderer"/>, and may add <see cref="IInAppNotificationListener"/>s.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, NotificationOptions? options = null)
    {
        services.AddOutbox();
        services.TryAddSingleton(options ?? new NotificationOptions());
        services.TryAddScoped<NotificationPreferences>();
        services.TryAddScoped<Notifier>();
        services.TryAddScoped<NotificationInbox>();
        services.TryAddScoped<NotificationPageStamp>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<INotificationChannel, EmailChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<INotificationChannel, InAppChannel>());
        services.AddPeriodicJob<NotificationDispatchJob>(NotificationDispatchJob.Schedule);
        services.AddNotificationDigests();
        return services;
    }
}
