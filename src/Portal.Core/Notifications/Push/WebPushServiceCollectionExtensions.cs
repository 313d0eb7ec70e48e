using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Notifications.Push;

public static class WebPushServiceCollectionExtensions
{
    /// <summary>The push channel, its VAPID keys and the customer's subscriptions. Call after AddNotifications.</summary>
    public static IServiceCollection AddWebPush(this IServiceCollection services, WebPushOptions? options = null)
    {
        services.TryAddSingleton(options ?? new WebPushOptions());
        services.TryAddSingleton<VapidKeys>();
        services.TryAddSingleton(sp => new WebPushSender(sp.GetRequiredService<VapidKeys>(), sp.GetRequiredService<WebPushOptions>(),
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            {
                Timeout = TimeSpan.FromSeconds(30),
            }));
        services.TryAddScoped<PushSubscriptions>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<INotificationChannel, WebPushChannel>());
        return services;
    }
}
