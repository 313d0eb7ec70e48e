using Portal.Core.Loyalty;

namespace Portal.Loyalty;

/// <summary>
/// Once a day (Loyalty:MaintenanceHours, 24 by default): expire points, unlock pending ones, re-evaluate tiers, and
/// forget stored Idempotency-Key answers older than a day.
/// </summary>
public sealed class LoyaltyJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<LoyaltyJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromHours(config.GetValue("Loyalty:MaintenanceHours", 24.0));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<LoyaltyMaintenance>().RunAsync(stoppingToken);
                var forgotten = await Portal.Shell.Api.IdempotencyKeys.PurgeAsync(scope.ServiceProvider.GetRequiredService<Portal.Core.Data.PortalDbContext>(), stoppingToken);
                log.LogInformation("Loyalty maintenance refreshed {Count} accounts; {Forgotten} stored API answers expired", count, forgotten);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad night must not stop the job: tomorrow's run picks everything up again.
                log.LogError(e, "Loyalty maintenance failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
