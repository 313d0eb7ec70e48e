using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Core.Analytics;

/// <summary>
/// A customer's value: what they have spent so far (net of refunds), the predicted value of their purchases over the
/// horizon (<see cref="ClvOptions.HorizonWeeks"/>, 12 months) with a central interval at <see cref="IntervalLevel"/>
/// (Low/High are simulated percentiles, so with a low P(alive) the mean may lie above High), the probability they still
/// buy, their expected number of purchases (purchase days) and order value over the horizon, and the fit used.
/// </summary>
public sealed record CustomerValueForecast(
    long HistoricValueMinor,
    long PredictedMinor,
    long LowMinor,
    long HighMinor,
    double ProbabilityAlive,
    double ExpectedPurchases,
    long ExpectedOrderValueMinor,
    DateTime FittedAtUtc,
    string Currency,
    double IntervalLevel);

/// <summary>One customer's lifetime-value forecast from their own purchases and the latest stored fit.</summary>
public sealed class CustomerValue(PortalDbContext db, TimeProvider clock, LoyaltyOptions loyalty, ClvOptions options, ClvForecastCache cache)
{
    /// <summary>
    /// The forecast for <paramref name="customerId"/> (a PortalUser id), or null when there is nothing to base it on
    /// yet: no fit has been stored, or the customer has no purchases.
    /// </summary>
    public async Task<CustomerValueForecast?> ForecastAsync(string customerId, CancellationToken cancellationToken = default)
    {
        var fit = await ClvFitting.LatestFit(db, cancellationToken);
        if (fit is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var summaries = await ClvHistories.ReadAsync(db.Set<Purchase>().Where(p => p.CustomerId == customerId), now, loyalty.Currency, cancellationToken);
        if (summaries.Count == 0) return null;
        var (history, historic) = (summaries[0].History, summaries[0].HistoricValueMinor);
        // The simulation is the costly part (a millisecond or more for a heavy buyer); its inputs change at most daily.
        var key = (fit.Id, customerId);
        if (cache.Entries.TryGetValue(key, out CachedForecast? hit) && hit!.History == history && hit.HistoricValueMinor == historic)
            return hit.Forecast;
        var forecast = Forecast(fit, history, historic, loyalty.Currency, options);
        cache.Entries.Set(key, new CachedForecast(history, historic, forecast),
            new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(6) });
        return forecast;
    }

    /// <summary>The forecast from a history and a fit, without the database (what <see cref="ForecastAsync"/> computes).</summary>
    public static CustomerValueForecast Forecast(ClvFit fit, CustomerHistory history, long historicValueMinor, string currency, ClvOptions options)
    {
        var bg = new BgNbdParameters(fit.R, fit.Alpha, fit.A, fit.B);
        var gg = new GammaGammaParameters(fit.P, fit.Q, fit.Gamma);
        var unit = Math.Pow(10, Common.Money.CurrencyExponent(currency));
        var purchases = ClvModel.ExpectedPurchases(bg, history, options.HorizonWeeks);
        var orderValue = ClvModel.ExpectedOrderValue(gg, history);
        var simulated = ClvModel.SimulateValue(bg, gg, history, options.HorizonWeeks, options.IntervalLevel, options.Draws, options.Seed);
        return new(
            historicValueMinor,
            Minor(purchases * orderValue),
            Minor(simulated.Low),
            Minor(simulated.High),
            ClvModel.ProbabilityAlive(bg, history),
            purchases,
            Minor(orderValue),
            fit.FittedAtUtc,
            currency,
            options.IntervalLevel);

        long Minor(double major) => double.IsFinite(major) ? (long)Math.Round(major * unit, MidpointRounding.AwayFromZero) : 0;
    }
}

internal sealed record CachedForecast(CustomerHistory History, long HistoricValueMinor, CustomerValueForecast Forecast);

/// <summary>Recent forecasts by fit and customer, reused while the customer's history is unchanged (singleton).</summary>
public sealed class ClvForecastCache : IDisposable
{
    internal MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public void Dispose() => Entries.Dispose();
}
