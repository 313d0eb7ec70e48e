using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;

namespace Portal.Core.Loyalty;

public static class LoyaltyServiceCollectionExtensions
{
    public static IServiceCollection AddLoyalty(this IServiceCollection services, LoyaltyOptions options) =>
        services.AddOutbox()
            .AddSingleton(options)
            .AddSingleton<LedgerReadCache>()
            .AddScoped<PointsLedger>()
            .AddScoped<PurchaseIngestion>()
            .AddScoped<RewardsCatalog>()
            .AddScoped<LoyaltyPageReads>()
            .AddSingleton<LoyaltyPageCache>()
            .AddScoped<EarnBonuses>()
            .AddScoped<IntegrationKeys>()
            .AddScoped<LoyaltyMaintenance>();
}
