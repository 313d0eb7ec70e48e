using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>A customer's analytics (<see cref="CustomerAnalytics"/>); needs AddLoyalty for the currency.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services) =>
        services.AddScoped<CustomerAnalytics>();
}
