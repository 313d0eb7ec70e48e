using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Core.Analytics;

/// <summary>What a fitting run did: the stored fit, or why there is none (plain words), with the counts and time taken.</summary>
public sealed record ClvFitOutcome(ClvFit? Fit, string? Failure, int Customers, int RepeatCustomers, TimeSpan Duration)
{
    public bool Succeeded => Fit is not null;
}

/// <summary>
/// Fits the BG/NBD and Gamma-Gamma models over every customer's purchases up to now and stores the parameters as a new
/// <see cref="ClvFit"/> row (earlier fits are kept). Meant for the nightly job; at 100,000 customers and 2,000,000
/// purchases it takes seconds.
/// </summary>
public sealed class ClvFitting(PortalDbContext db, TimeProvider clock, LoyaltyOptions loyalty, ILogger<ClvFitting> logger)
{
    public async Task<ClvFitOutcome> FitAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var summaries = await ClvHistories.ReadAsync(db.Set<Purchase>(), now, loyalty.Currency, cancellationToken);
        List<CustomerHistory> histories = [.. summaries.Select(s => s.History)];
        var repeat = histories.Count(h => h.X > 0);

        var bg = ClvModel.FitBgNbd(histories);
        var gg = bg.Succeeded ? ClvModel.FitGammaGamma(histories) : null;
        if (!bg.Succeeded || gg is not { Succeeded: true })
        {
            var failure = bg.Failure ?? gg?.Failure ?? "The fit failed.";
            logger.LogWarning("CLV fit over {Customers} customers ({Repeat} repeat) stored nothing: {Failure}", histories.Count, repeat, failure);
            return new(null, failure, histories.Count, repeat, watch.Elapsed);
        }

        var fit = new ClvFit
        {
            FittedAtUtc = now,
            ObservedUntilUtc = now,
            Currency = loyalty.Currency,
            Customers = histories.Count,
            RepeatCustomers = repeat,
            R = bg.Parameters!.R, Alpha = bg.Parameters.Alpha, A = bg.Parameters.A, B = bg.Parameters.B,
            BgNbdLogLikelihood = bg.LogLikelihood,
            P = gg.Parameters!.P, Q = gg.Parameters.Q, Gamma = gg.Parameters.Gamma,
            GammaGammaLogLikelihood = gg.LogLikelihood,
        };
        db.Add(fit);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("CLV fit {Id} over {Customers} customers ({Repeat} repeat) in {Elapsed} ms: r={R:G4} α={Alpha:G4} a={A:G4} b={B:G4}; p={P:G4} q={Q:G4} γ={Gamma:G4}",
            fit.Id, fit.Customers, repeat, watch.ElapsedMilliseconds, fit.R, fit.Alpha, fit.A, fit.B, fit.P, fit.Q, fit.Gamma);
        return new(fit, null, histories.Count, repeat, watch.Elapsed);
    }

    /// <summary>The most recent fit, or null before the first successful one.</summary>
    public Task<ClvFit?> LatestAsync(CancellationToken cancellationToken = default) => LatestFit(db, cancellationToken);

    internal static Task<ClvFit?> LatestFit(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Set<ClvFit>().AsNoTracking().OrderByDescending(f => f.FittedAtUtc).ThenByDescending(f => f.Id).FirstOrDefaultAsync(cancellationToken);
}
