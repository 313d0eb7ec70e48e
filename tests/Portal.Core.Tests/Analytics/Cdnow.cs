using System.Globalization;
using Portal.Core.Analytics;

namespace Portal.Core.Tests.Analytics;

/// <summary>The CDNOW summaries shipped with the lifetimes package (Data/cdnow/README.md), read once.</summary>
internal static class Cdnow
{
    private static readonly Lazy<IReadOnlyList<CustomerHistory>> _customers = new(Read);

    /// <summary>All 2,357 customers: x, t_x, T in weeks and zbar, the mean repeat spend in dollars.</summary>
    public static IReadOnlyList<CustomerHistory> Customers => _customers.Value;

    private static IReadOnlyList<CustomerHistory> Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "cdnow", "cdnow_customers_summary_with_transactions.csv");
        return [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            return new CustomerHistory(int.Parse(f[1], CultureInfo.InvariantCulture), Parse(f[2]), Parse(f[3]), Parse(f[4]));
        })];
    }

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
