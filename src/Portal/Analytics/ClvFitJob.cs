using Portal.Core.Analytics;
using Portal.Core.Jobs;

namespace Portal.Analytics;

/// <summary>The periodic job "clv-fit": refits the lifetime-value model over every customer, once a day (Analytics:ClvFitHours).</summary>
public sealed class ClvFitJob(ClvFitting fitting, ILogger<ClvFitJob> log) : IPeriodicJob
{
    public const string Name = "clv-fit";

    public static JobSchedule Schedule(IConfiguration config) => new(Name,
        TimeSpan.FromHours(config.GetValue("Analytics:ClvFitHours", 24.0)),
        Jitter: TimeSpan.FromMinutes(30),
        TimeLimit: TimeSpan.FromMinutes(30));

    public async Task RunAsync(CancellationToken ct)
    {
        var outcome = await fitting.FitAsync(ct);
        // Too little data is a normal state for a young shop, not a job failure: the page says "not enough data yet".
        if (outcome.Succeeded)
            log.LogInformation("CLV fitted over {Customers} customers ({Repeat} repeat) in {Ms} ms",
                outcome.Customers, outcome.RepeatCustomers, (long)outcome.Duration.TotalMilliseconds);
        else
            log.LogInformation("CLV not fitted: {Reason}", outcome.Failure);
    }
}
