using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Events;

namespace Portal.Core.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Adds a job (scoped) under <paramref name="schedule"/>; it runs once <see cref="AddPortalJobs"/> is called.</summary>
    public static IServiceCollection AddPeriodicJob<TJob>(this IServiceCollection services, JobSchedule schedule) where TJob : class, IPeriodicJob
    {
        services.TryAddScoped<TJob>();
        services.AddSingleton(new JobRegistration(schedule, typeof(TJob)));
        services.TryAddSingleton<JobRegistry>();
        return services;
    }

    /// <summary>
    /// The job runner, its background loop (unless <see cref="JobsOptions.RunInBackground"/> is false) and the
    /// outbox dispatcher as the job "outbox-dispatcher". Called by the web host, not by AddPortalCore.
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, Action<JobsOptions>? configure = null)
    {
        var options = new JobsOptions();
        configure?.Invoke(options);
        services.RemoveAll<JobsOptions>();
        services.AddSingleton(options);
        services.AddOutbox();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobRegistry>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddScoped<JobAdmin>();
        if (!services.Any(d => d.ServiceType == typeof(JobRegistration) && d.ImplementationInstance is JobRegistration { JobType: var t } && t == typeof(OutboxDispatcherJob)))
            services.AddPeriodicJob<OutboxDispatcherJob>(OutboxDispatcherJob.Schedule);
        if (options.RunInBackground)
            services.AddHostedService<JobsHostedService>();
        return services;
    }
}
