using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Analytics;

public static class ClvServiceCollectionExtensions
{
    /// <summary>The CLV fit (nightly) and per-customer forecast. Needs AddLoyalty (the currency) and AddPortalCore.</summary>
    public static IServiceCollection AddClv(this IServiceCollection services, ClvOptions? options = null)
    {
        services.TryAddSingleton(options ?? new ClvOptions());
        services.TryAddSingleton<ClvForecastCache>();
        services.TryAddScoped<ClvFitting>();
        services.TryAddScoped<CustomerValue>();
        return services;
    }
}
