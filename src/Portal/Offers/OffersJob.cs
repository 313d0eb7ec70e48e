using Portal.Core.Jobs;
using Portal.Core.Offers;

namespace Portal.Offers;

/// <summary>
/// Hourly: codes past their end become expired, codes ending within a day raise OfferExpiringSoon (once each), and
/// customers whom live offers newly match get one OfferAvailable with all of them (a batch, never one per offer).
/// </summary>
public sealed class OffersJob(OfferService offers, ILogger<OffersJob> log) : IPeriodicJob
{
    public const string Name = "offers";

    public static JobSchedule Schedule(IConfiguration config) => new(Name,
        TimeSpan.FromMinutes(config.GetValue("Offers:JobMinutes", 60.0)),
        Jitter: TimeSpan.FromMinutes(5),
        TimeLimit: TimeSpan.FromMinutes(20));

    public async Task RunAsync(CancellationToken ct)
    {
        var expired = await offers.ExpireDueAsync(ct);
        var warned = await offers.WarnExpiringAsync(TimeSpan.FromHours(24), ct);
        var told = await offers.NotifyAvailableAsync(ct: ct);
        if (expired + warned + told > 0)
            log.LogInformation("Offers: {Expired} codes expired, {Warned} expiring-soon warnings, {Told} customers told of new offers", expired, warned, told);
    }
}
