using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Loyalty;

public static class LoyaltyServiceCollectionExtensions
{
    public static IServiceCollection AddLoyalty(this IServiceCollection services, LoyaltyOptions options) =>
        services.AddSingleton(options)
            .AddScoped<PointsLedger>()
            .AddScoped<PurchaseIngestion>()
            .AddScoped<RewardsCatalog>()
            .AddScoped<IntegrationKeys>()
            .AddScoped<LoyaltyMaintenance>();
}
