using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Analytics;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Analytics;

/// <summary>The nightly fit and a customer's forecast over real purchase rows (migrated SQLite, the clock on 2026-11-24).</summary>
public class ClvServicesTests
{
    private static Task<CoreDatabase> DatabaseAsync() => CoreDatabase.CreateAsync(configure: s => s.AddClv());

    [Fact]
    public async Task Fitting_purchases_stores_a_fit_and_keeps_the_earlier_ones()
    {
        await using var db = await DatabaseAsync();
        var (customers, repeat) = await AddPopulationAsync(db, 300);

        var first = await db.UseAsync<ClvFitting, ClvFitOutcome>(f => f.FitAsync());
        db.Clock.Advance(TimeSpan.FromDays(1));
        var second = await db.UseAsync<ClvFitting, ClvFitOutcome>(f => f.FitAsync());

        Assert.True(first.Succeeded, first.Failure);
        Assert.True(second.Succeeded, second.Failure);
        Assert.Equal(customers, second.Customers);
        Assert.Equal(repeat, second.RepeatCustomers);
        var stored = await db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<ClvFit>().AsNoTracking().OrderBy(f => f.Id).ToListAsync());
        Assert.Equal(2, stored.Count);
        var fit = stored[1];
        Assert.Equal(db.UtcNow, fit.FittedAtUtc);
        Assert.Equal(db.UtcNow, fit.ObservedUntilUtc);
        Assert.Equal("SAR", fit.Currency);
        Assert.Equal(customers, fit.Customers);
        Assert.Equal(repeat, fit.RepeatCustomers);
        // Simulated with a mean rate r/α = 0.1 a week and a mean order of p·γ/(q-1) = 80 SAR: the fit finds the same world.
        Assert.InRange(fit.R / fit.Alpha, 0.06, 0.16);
        Assert.InRange(fit.P * fit.Gamma / (fit.Q - 1), 55, 110);
        Assert.True(fit.BgNbdLogLikelihood < 0 && fit.GammaGammaLogLikelihood < 0);
        Assert.Equal(fit.Id, (await db.UseAsync<ClvFitting, ClvFit?>(f => f.LatestAsync()))!.Id);
    }

    [Fact]
    public async Task Without_repeat_buyers_the_fit_stores_nothing_and_says_why()
    {
        await using var db = await DatabaseAsync();
        var kit = new Shop(db);
        foreach (var name in new[] { "Sara", "Omar", "Lina" })
            await kit.BuyAsync(await kit.CustomerAsync(name), 10_000, db.UtcNow.AddDays(-30));

        var outcome = await db.UseAsync<ClvFitting, ClvFitOutcome>(f => f.FitAsync());

        Assert.False(outcome.Succeeded);
        Assert.Contains("repeat", outcome.Failure);
        Assert.Equal(3, outcome.Customers);
        Assert.Equal(0, await db.CountAsync<ClvFit>());
    }

    [Fact]
    public async Task Without_a_fit_there_is_no_forecast()
    {
        await using var db = await DatabaseAsync();
        var kit = new Shop(db);
        var sara = await kit.CustomerAsync("Sara");
        await kit.BuyAsync(sara, 10_000, db.UtcNow.AddDays(-30));

        Assert.Null(await db.UseAsync<CustomerValue, CustomerValueForecast?>(v => v.ForecastAsync(sara.Id)));
    }

    [Fact]
    public async Task A_customer_without_purchases_has_no_forecast()
    {
        await using var db = await DatabaseAsync();
        await StoreFitAsync(db, db.UtcNow.AddDays(-1), r: 0.24);
        var omar = await new Shop(db).CustomerAsync("Omar");

        Assert.Null(await db.UseAsync<CustomerValue, CustomerValueForecast?>(v => v.ForecastAsync(omar.Id)));
    }

    [Fact]
    public async Task A_forecast_uses_the_latest_fit_and_the_customers_own_purchases()
    {
        await using var db = await DatabaseAsync();
        var kit = new Shop(db);
        var sara = await kit.CustomerAsync("Sara");
        var start = db.UtcNow.Date.AddDays(-70).AddHours(10);
        await kit.BuyAsync(sara, 10_000, start);
        await kit.BuyAsync(sara, 5_000, start.AddHours(3));          // same day: one transaction of 150 SAR
        await kit.BuyAsync(sara, 12_000, start.AddDays(14));
        await kit.BuyAsync(sara, 8_000, start.AddDays(28), "REFUNDED");
        await kit.RefundAsync("REFUNDED", 8_000);                     // fully refunded: not a purchase
        await kit.BuyAsync(sara, 9_000, start.AddDays(42), "PART");
        await kit.RefundAsync("PART", 3_000);                         // counts at its net 60 SAR
        var older = await StoreFitAsync(db, db.UtcNow.AddDays(-1), r: 0.5);
        var latest = await StoreFitAsync(db, db.UtcNow.AddHours(-2), r: 0.2426);

        var forecast = await db.UseAsync<CustomerValue, CustomerValueForecast?>(v => v.ForecastAsync(sara.Id));

        Assert.NotNull(forecast);
        Assert.Equal(latest.FittedAtUtc, forecast.FittedAtUtc);
        Assert.Equal(10_000 + 5_000 + 12_000 + 6_000, forecast.HistoricValueMinor);
        // Purchase days 0, 14 and 42 of 70: x = 2, t_x = 6 weeks, T = 10 weeks, mean repeat spend (120 + 60) / 2 = 90 SAR.
        var history = new CustomerHistory(2, 6, 10, 90);
        var options = new ClvOptions();
        Assert.Equal(CustomerValue.Forecast(latest, history, 33_000, "SAR", options), forecast);
        Assert.NotEqual(CustomerValue.Forecast(older, history, 33_000, "SAR", options), forecast);
        Assert.Equal("SAR", forecast.Currency);
        Assert.Equal(0.8, forecast.IntervalLevel);
        Assert.InRange(forecast.ProbabilityAlive, 0.01, 0.999);
        Assert.True(forecast.ExpectedPurchases > 0);
        Assert.True(forecast.LowMinor <= forecast.HighMinor && forecast.HighMinor > 0);
        // The order value is rounded to a halala before it is shown, the prediction after the product.
        Assert.Equal(forecast.ExpectedPurchases * forecast.ExpectedOrderValueMinor, forecast.PredictedMinor, tolerance: forecast.ExpectedPurchases / 2 + 1);
        // Reproducible: the same answer on the next visit.
        Assert.Equal(forecast, await db.UseAsync<CustomerValue, CustomerValueForecast?>(v => v.ForecastAsync(sara.Id)));

        // A purchase today is in the next forecast: x = 3, t_x = T = 10 weeks.
        await kit.BuyAsync(sara, 20_000, db.UtcNow.AddHours(-1));
        var after = await db.UseAsync<CustomerValue, CustomerValueForecast?>(v => v.ForecastAsync(sara.Id));
        Assert.Equal(CustomerValue.Forecast(latest, new CustomerHistory(3, 10, 10, 380.0 / 3), 53_000, "SAR", options), after);
        Assert.True(after!.ProbabilityAlive > forecast.ProbabilityAlive);
    }

    private static Task<ClvFit> StoreFitAsync(CoreDatabase db, DateTime at, double r) =>
        db.UseAsync(async sp =>
        {
            var fit = new ClvFit
            {
                FittedAtUtc = at, ObservedUntilUtc = at, Currency = "SAR", Customers = 2357, RepeatCustomers = 946,
                R = r, Alpha = 4.4135, A = 0.7929, B = 2.4258, BgNbdLogLikelihood = -9582.4,
                P = 6.25, Q = 3.74, Gamma = 15.45, GammaGammaLogLikelihood = -4000,
            };
            var context = sp.GetRequiredService<PortalDbContext>();
            context.Add(fit);
            await context.SaveChangesAsync();
            return fit;
        });

    /// <summary>
    /// Customers who joined over the last year and buy as the BG/NBD and Gamma-Gamma models say (rate ~ Gamma(2, 20)
    /// a week, dropout ~ Beta(1, 4), order value ~ Gamma(4, ν), ν ~ Gamma(3, 40)), written straight to the tables.
    /// Returns the customers with purchases and those with purchases on more than one day.
    /// </summary>
    private static Task<(int Customers, int Repeat)> AddPopulationAsync(CoreDatabase db, int count) =>
        db.UseAsync(async sp =>
        {
            var context = sp.GetRequiredService<PortalDbContext>();
            var random = new Random(7);
            var now = db.UtcNow;
            var repeat = 0;
            for (var i = 0; i < count; i++)
            {
                var user = new PortalUser
                {
                    UserName = $"c{i}@example.test", NormalizedUserName = $"C{i}@EXAMPLE.TEST", Email = $"c{i}@example.test",
                    DisplayName = $"Customer {i}", CustomerNumber = CustomerNumber.NewRandom().Value, MemberSinceUtc = now.AddDays(-400),
                };
                context.Add(user);
                var rate = MathNet.Numerics.Distributions.Gamma.Sample(random, 2, 20) / 7; // a day
                var dropout = MathNet.Numerics.Distributions.Beta.Sample(random, 1, 4);
                var nu = MathNet.Numerics.Distributions.Gamma.Sample(random, 3, 40);
                var day = now.Date.AddDays(-random.Next(1, 365)).AddHours(9);
                var days = new HashSet<DateTime>();
                for (var n = 0; day <= now; n++)
                {
                    var amount = (long)Math.Round(MathNet.Numerics.Distributions.Gamma.Sample(random, 4, nu) * 100) + 1;
                    context.Add(new Purchase
                    {
                        OrderId = $"SIM-{i}-{n}", CustomerId = user.Id, OccurredAtUtc = day, RecordedAtUtc = day,
                        TotalMinor = amount, Currency = "SAR", ContentHash = "sim",
                    });
                    days.Add(day.Date);
                    if (n > 0 && random.NextDouble() < dropout) break;
                    day = day.AddDays(Math.Max(1, Math.Ceiling(MathNet.Numerics.Distributions.Exponential.Sample(random, rate))));
                }
                if (days.Count > 1) repeat++;
            }
            await context.SaveChangesAsync();
            return (count, repeat);
        });

    private sealed class Shop(CoreDatabase db)
    {
        private int _orders;

        public async Task<(string Id, string Number)> CustomerAsync(string name)
        {
            var id = await db.AddPersonAsync(name);
            return (id, (await db.PersonAsync(id)).CustomerNumber);
        }

        public async Task BuyAsync((string Id, string Number) customer, long amountMinor, DateTime at, string? orderId = null)
        {
            var outcome = await db.UseAsync<PurchaseIngestion, PurchaseOutcome<PurchaseReceipt>>(p => p.RecordAsync(
                new PurchaseInput(customer.Number, orderId ?? $"ORD-{++_orders}", at, PurchaseChannel.Store,
                    [new PurchaseLineInput("Grocery", 1, amountMinor)]), null));
            Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        }

        public async Task RefundAsync(string orderId, long amountMinor)
        {
            var outcome = await db.UseAsync<PurchaseIngestion, PurchaseOutcome<RefundReceipt>>(p => p.RefundAsync(orderId, "R-" + orderId, amountMinor));
            Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        }
    }
}
