using StackExchange.Redis;

namespace Portal.Shell.ScaleOut;

/// <summary>
/// The one Redis connection of an instance (<c>ConnectionStrings:Redis</c>, or the older <c>SignalR:Redis</c>), shared by
/// agent presence, the rate limits, the readiness check and the access relay; SignalR's backplane opens its own. Unset, everything
/// that would use it stays in memory: one instance.
/// </summary>
public static class PortalRedis
{
    public static string? ConnectionString(IConfiguration config) =>
        config.GetConnectionString("Redis") is { Length: > 0 } cs ? cs
        : string.IsNullOrWhiteSpace(config["SignalR:Redis"]) ? null : config["SignalR:Redis"];

    public static bool IsConfigured(IConfiguration config) => ConnectionString(config) is not null;

    public static IServiceCollection AddPortalRedis(this IServiceCollection services, IConfiguration config)
    {
        if (ConnectionString(config) is not { } cs) return services;
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(cs);
            // Start even while Redis is briefly away; the readiness check reports it meanwhile.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<RedisAccessRelay>();
        services.AddSingleton<Portal.Core.Security.IAccessRevokedListener>(sp => sp.GetRequiredService<RedisAccessRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisAccessRelay>());
        return services;
    }
}
