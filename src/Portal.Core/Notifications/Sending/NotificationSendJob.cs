using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Jobs;

namespace Portal.Core.Notifications.Sending;

public sealed class NotificationSendOptions
{
    /// <summary>Customers notified per transaction.</summary>
    public int BatchSize { get; set; } = NotificationSends.DefaultBatchSize;
}

/// <summary>
/// "notification-sends": notifies the audiences of recorded sends, batch by batch, so a send to a large segment never
/// holds a request or one long transaction. Woken when a send is recorded; the interval picks up after a restart.
/// </summary>
public sealed class NotificationSendJob(NotificationSends sends, NotificationSendOptions options) : IPeriodicJob
{
    public const string Name = "notification-sends";

    public static readonly JobSchedule Schedule = new(Name, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    // Each new notification raises NotificationCreated, which wakes the delivery job as for any other notification.
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var id in await sends.UnfinishedAsync(ct))
            while (!ct.IsCancellationRequested && await sends.SendNextBatchAsync(id, options.BatchSize, ct)) { }
    }
}

public static class NotificationSendingServiceCollectionExtensions
{
    public static IServiceCollection AddNotificationSending(this IServiceCollection services, NotificationSendOptions? options = null)
    {
        services.TryAddSingleton(options ?? new NotificationSendOptions());
        services.TryAddScoped<NotificationSends>();
        services.AddPeriodicJob<NotificationSendJob>(NotificationSendJob.Schedule);
        return services;
    }
}
