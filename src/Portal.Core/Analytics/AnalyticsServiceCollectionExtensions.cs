using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>A customer's analytics (<see cref="CustomerAnalytics"/>, <see cref="CustomerDashboard"/>); needs AddLoyalty for the currency.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddClv();
        services.TryAddScoped<CustomerAnalytics>();
        services.TryAddScoped<CustomerDashboard>();
        services.TryAddSingleton<CustomerDashboardCache>();
        return services;
    }
}
