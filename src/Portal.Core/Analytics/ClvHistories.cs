using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Loyalty;

namespace Portal.Core.Analytics;

/// <summary>A customer's purchases summarised for the models, with what they have spent so far.</summary>
internal readonly record struct CustomerSummary(string CustomerId, CustomerHistory History, long HistoricValueMinor);

/// <summary>
/// Reads (x, t_x, T, mean repeat spend) from the purchases in one grouped query. A purchase counts at its net
/// (total - refunded) and only when that is positive; purchases on the same UTC day are one transaction, as in CDNOW,
/// so a basket split at the till is not read as a repeat purchase. Time is whole days, in weeks.
/// </summary>
internal static class ClvHistories
{
    public static async Task<List<CustomerSummary>> ReadAsync(IQueryable<Purchase> purchases, DateTime untilUtc, string currency,
        CancellationToken cancellationToken)
    {
        var days = purchases
            .Where(p => p.OccurredAtUtc <= untilUtc && p.TotalMinor - p.RefundedMinor > 0)
            .GroupBy(p => new { p.CustomerId, p.OccurredAtUtc.Date })
            .Select(g => new { g.Key.CustomerId, Day = g.Key.Date, Net = g.Sum(p => p.TotalMinor - p.RefundedMinor) })
            .AsNoTracking()
            .AsAsyncEnumerable();

        var customers = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        await foreach (var day in days.WithCancellation(cancellationToken))
        {
            if (!customers.TryGetValue(day.CustomerId, out var a))
                a = new Accumulator { First = day.Day, FirstNet = day.Net, Last = day.Day };
            else if (day.Day < a.First) (a.First, a.FirstNet) = (day.Day, day.Net);
            if (day.Day > a.Last) a.Last = day.Day;
            a.Days++;
            a.TotalNet += day.Net;
            customers[day.CustomerId] = a;
        }

        var end = untilUtc.Date;
        var unit = Math.Pow(10, Money.CurrencyExponent(currency));
        var result = new List<CustomerSummary>(customers.Count);
        foreach (var (id, a) in customers)
        {
            var x = a.Days - 1;
            var mean = x > 0 ? (a.TotalNet - a.FirstNet) / (double)x / unit : 0;
            var history = new CustomerHistory(x, (a.Last - a.First).TotalDays / 7, (end - a.First).TotalDays / 7, mean);
            result.Add(new(id, history, a.TotalNet));
        }
        return result;
    }

    private struct Accumulator
    {
        public DateTime First, Last;
        public long FirstNet, TotalNet;
        public int Days;
    }
}
