using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Loyalty;

namespace Portal.Core.Analytics;

/// <summary>A customer's purchases summarised for the models, with what they have spent so far.</summary>
internal readonly record struct CustomerSummary(string CustomerId, CustomerHistory History, long HistoricValueMinor);

/// <summary>
/// Reads (x, t_x, T, mean repeat spend) for every customer from the purchases in one ordered pass. A purchase counts at
/// its net (total - refunded) and only when that is positive; purchases on the same UTC day are one transaction, as in
/// CDNOW, so a basket split at the till is not read as a repeat purchase. Time is whole days, in weeks.
/// </summary>
/// <remarks>
/// The rows are folded here rather than grouped by day in SQL: a day expression per row (strftime on SQLite) cost
/// 10 s of CPU at 2,000,000 purchases, an index-ordered scan of the three columns about 1 s.
/// </remarks>
internal static class ClvHistories
{
    public static async Task<List<CustomerSummary>> ReadAsync(IQueryable<Purchase> purchases, DateTime untilUtc, string currency,
        CancellationToken cancellationToken)
    {
        var rows = purchases
            .Where(p => p.OccurredAtUtc <= untilUtc && p.TotalMinor - p.RefundedMinor > 0)
            .OrderBy(p => p.CustomerId).ThenBy(p => p.OccurredAtUtc)
            .Select(p => new { p.CustomerId, p.OccurredAtUtc, Net = p.TotalMinor - p.RefundedMinor })
            .AsNoTracking()
            .AsAsyncEnumerable();

        var end = untilUtc.Date;
        var unit = Math.Pow(10, Money.CurrencyExponent(currency));
        var result = new List<CustomerSummary>();
        string? customer = null;
        DateTime first = default, last = default;
        long firstNet = 0, total = 0;
        var days = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var day = row.OccurredAtUtc.Date;
            if (!string.Equals(row.CustomerId, customer, StringComparison.Ordinal))
            {
                Flush();
                (customer, first, last, firstNet, total, days) = (row.CustomerId, day, day, 0, 0, 1);
            }
            else if (day != last) (last, days) = (day, days + 1);
            if (day == first) firstNet += row.Net;
            total += row.Net;
        }
        Flush();
        return result;

        void Flush()
        {
            if (customer is null) return;
            var x = days - 1;
            var mean = x > 0 ? (total - firstNet) / (double)x / unit : 0;
            result.Add(new(customer, new CustomerHistory(x, (last - first).TotalDays / 7, (end - first).TotalDays / 7, mean), total));
        }
    }
}
