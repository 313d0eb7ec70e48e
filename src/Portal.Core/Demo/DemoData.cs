using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Demo;

/// <summary>A section's Development demo data. Runs once per start, in <see cref="Order"/>, and must be safe to run again.</summary>
public interface IDemoData
{
    /// <summary>Accounts come first (0); sections that need them follow.</summary>
    int Order { get; }

    Task SeedAsync(DemoDataOptions options, CancellationToken ct);
}

/// <param name="LoyaltyHistory">The demo customers' 18 months of purchases and the rewards.</param>
/// <param name="Shoppers">With the history: this many generated shoppers, so segments and the value model have a customer base.</param>
public sealed record DemoDataOptions(bool LoyaltyHistory, int Shoppers = 0);

public static class DemoDataRegistration
{
    public static IServiceCollection AddDemoData<T>(this IServiceCollection services) where T : class, IDemoData =>
        services.AddScoped<IDemoData, T>();

    /// <summary>Every section's demo data, in order.</summary>
    public static async Task SeedDemoDataAsync(this IServiceProvider services, DemoDataOptions options, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        foreach (var data in scope.ServiceProvider.GetServices<IDemoData>().OrderBy(d => d.Order))
            await data.SeedAsync(options, ct);
    }
}
