using Portal.Core.Jobs;
using Portal.Core.Loyalty;

namespace Portal.Loyalty;

/// <summary>
/// The periodic job "loyalty-maintenance", once a day (Loyalty:MaintenanceHours, 24 by default): expire points,
/// unlock pending ones, re-evaluate tiers.
/// </summary>
public sealed class LoyaltyMaintenanceJob(LoyaltyMaintenance maintenance, ILogger<LoyaltyMaintenanceJob> log) : IPeriodicJob
{
    public const string Name = "loyalty-maintenance";

    public static JobSchedule Schedule(IConfiguration config) => new(Name,
        TimeSpan.FromHours(config.GetValue("Loyalty:MaintenanceHours", 24.0)),
        Jitter: TimeSpan.FromMinutes(30),
        TimeLimit: TimeSpan.FromHours(1));

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var count = await maintenance.RunAsync(ct);
            log.LogInformation("Loyalty maintenance refreshed {Count} accounts", count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner records the failure and runs it again at the next interval, which picks everything up.
            log.LogError(e, "Loyalty maintenance failed");
            throw;
        }
    }
}
