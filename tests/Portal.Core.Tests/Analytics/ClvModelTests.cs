using Portal.Core.Analytics;

namespace Portal.Core.Tests.Analytics;

/// <summary>
/// The BG/NBD and Gamma-Gamma maths against the published CDNOW figures. Parameters must match the papers within 1%
/// relative (they are printed to 3–4 significant figures); predictions within 0.5%.
/// </summary>
public class ClvModelTests
{
    private static readonly BgNbdParameters Published = new(0.2426, 4.4135, 0.7929, 2.4258);
    private static readonly GammaGammaParameters PublishedSpend = new(6.25, 3.74, 15.45);

    private static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: expected {expected} ± {relative:P1}, got {actual}");

    [Fact]
    public void Cdnow_summary_has_the_published_size()
    {
        Assert.Equal(2357, Cdnow.Customers.Count);
        Assert.Equal(946, Cdnow.Customers.Count(c => c.X > 0));
    }

    [Fact]
    public void BgNbd_fit_on_Cdnow_matches_the_paper()
    {
        var fit = ClvModel.FitBgNbd([.. Cdnow.Customers]);

        Assert.True(fit.Succeeded, fit.Failure);
        var p = fit.Parameters!;
        Near(0.243, p.R, 0.01, "r");
        Near(4.414, p.Alpha, 0.01, "alpha");
        Near(0.793, p.A, 0.01, "a");
        Near(2.426, p.B, 0.01, "b");
        Near(-9582.4, fit.LogLikelihood, 0.0001, "log-likelihood");
    }

    [Fact]
    public void BgNbd_log_likelihood_at_the_published_parameters_is_the_papers()
    {
        Near(-9582.4, ClvModel.BgNbdLogLikelihood(Published, Cdnow.Customers), 0.0001, "log-likelihood");
    }

    [Fact]
    public void GammaGamma_fit_on_Cdnow_repeat_customers_matches_the_paper()
    {
        var fit = ClvModel.FitGammaGamma([.. Cdnow.Customers]);

        Assert.True(fit.Succeeded, fit.Failure);
        var p = fit.Parameters!;
        Near(6.25, p.P, 0.01, "p");
        Near(3.74, p.Q, 0.01, "q");
        Near(15.45, p.Gamma, 0.01, "gamma");
    }

    [Fact]
    public void Expected_purchases_match_the_published_examples()
    {
        // Fader & Hardie's Excel note: a customer with x = 2, t_x = 30.43, T = 38.86 makes 1.226 purchases in the next 39 weeks.
        Near(1.226, ClvModel.ExpectedPurchases(Published, new(2, 30.43, 38.86), 39), 0.005, "E[Y(39)]");
        // The same customer one week later without buying: less likely alive, fewer purchases expected.
        Assert.True(ClvModel.ExpectedPurchases(Published, new(2, 30.43, 39.86), 39) < 1.226);
    }

    [Fact]
    public void Expected_order_values_match_lifetimes()
    {
        // lifetimes' Gamma-Gamma docs: customers 1 (x = 2, 22.35), 2 (x = 1, 11.77) and a one-purchase customer.
        var fitted = ClvModel.FitGammaGamma([.. Cdnow.Customers]).Parameters!;
        Near(24.658619, ClvModel.ExpectedOrderValue(fitted, new(2, 30.43, 38.86, 22.35)), 0.005, "customer 1");
        Near(18.911489, ClvModel.ExpectedOrderValue(fitted, new(1, 1.71, 38.86, 11.77)), 0.005, "customer 2");
        Near(35.171005, ClvModel.ExpectedOrderValue(fitted, new(0, 0, 38.86)), 0.005, "customer 3");
    }

    [Fact]
    public void Probability_alive_follows_the_closed_form()
    {
        // 1 / (1 + a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)), worked by hand for x = 2, t_x = 30.43, T = 38.86.
        var expected = 1 / (1 + 0.7929 / (2.4258 + 1) * Math.Pow((4.4135 + 38.86) / (4.4135 + 30.43), 2.2426));
        Near(expected, ClvModel.ProbabilityAlive(Published, new(2, 30.43, 38.86)), 1e-12, "P(alive)");
        Assert.True(expected is > 0.7 and < 0.8);
        // Someone who bought often and then went quiet for a long time is probably gone.
        Assert.True(ClvModel.ProbabilityAlive(Published, new(10, 5, 38.86)) < 0.01);
    }

    [Fact]
    public void A_customer_with_no_repeat_purchase_is_alive_by_the_model_and_expects_fewer_purchases_the_longer_they_wait()
    {
        Assert.Equal(1, ClvModel.ProbabilityAlive(Published, new(0, 0, 38.86)));
        var soon = ClvModel.ExpectedPurchases(Published, new(0, 0, 1), 52);
        var late = ClvModel.ExpectedPurchases(Published, new(0, 0, 38.86), 52);
        Assert.True(late > 0 && late < soon, $"{late} vs {soon}");
        // At T = 0 the conditional expectation is the unconditional one for a new customer.
        Near(ClvModel.ExpectedPurchasesOfNewCustomer(Published, 52), ClvModel.ExpectedPurchases(Published, new(0, 0, 0), 52), 1e-9, "T = 0");
    }

    [Fact]
    public void Expected_purchases_are_zero_for_no_time_and_grow_with_the_horizon()
    {
        var c = new CustomerHistory(5, 30, 38.86);
        Assert.Equal(0, ClvModel.ExpectedPurchases(Published, c, 0));
        var previous = 0.0;
        foreach (var weeks in new[] { 1.0, 10, 52, 104, 520 })
        {
            var e = ClvModel.ExpectedPurchases(Published, c, weeks);
            Assert.True(e > previous, $"{weeks} weeks: {e}");
            previous = e;
        }
    }

    [Fact]
    public void Expected_purchases_hold_for_heavy_buyers_and_horizons_long_against_their_age()
    {
        // z = t/(α+T+t) near 1 and x large: the untransformed series would overflow here.
        var e = ClvModel.ExpectedPurchases(Published, new(300, 51.9, 52), 520);
        Assert.True(double.IsFinite(e) && e > 100, e.ToString());
        Assert.True(double.IsFinite(ClvModel.ExpectedPurchases(Published, new(0, 0, 0.01), 520)));
    }

    [Fact]
    public void Hypergeometric_series_matches_closed_forms()
    {
        // 2F1(1, 1; 2; z) = -ln(1-z)/z and 2F1(a, b; b; z) = (1-z)^-a.
        Near(-Math.Log(1 - 0.9) / 0.9, ClvModel.Hypergeometric2F1(1, 1, 2, 0.9), 1e-12, "2F1(1,1;2;0.9)");
        Near(Math.Pow(1 - 0.5, -2.5), ClvModel.Hypergeometric2F1(2.5, 3, 3, 0.5), 1e-12, "2F1(2.5,3;3;0.5)");
        Assert.Equal(1, ClvModel.Hypergeometric2F1(-0.2, 0.4, 1.3, 0));
    }

    [Fact]
    public void Gamma_gamma_expected_value_shrinks_a_customers_mean_towards_the_population()
    {
        var population = PublishedSpend.P * PublishedSpend.Gamma / (PublishedSpend.Q - 1);
        var few = ClvModel.ExpectedOrderValue(PublishedSpend, new(1, 1, 10, 100));
        var many = ClvModel.ExpectedOrderValue(PublishedSpend, new(50, 30, 40, 100));
        Assert.True(population < few && few < many && many < 100, $"{population} {few} {many}");
    }

    [Fact]
    public void Fits_fail_in_words_when_no_one_bought_again()
    {
        var fit = ClvModel.FitBgNbd([new(0, 0, 10), new(0, 0, 20), new(0, 0, 30)]);
        Assert.False(fit.Succeeded);
        Assert.Null(fit.Parameters);
        Assert.Contains("repeat", fit.Failure);
        Assert.False(ClvModel.FitGammaGamma([new(0, 0, 10), new(0, 0, 20)]).Succeeded);
    }

    [Fact]
    public void Fits_fail_in_words_when_all_customers_are_identical()
    {
        CustomerHistory[] same = [.. Enumerable.Repeat(new CustomerHistory(3, 20, 40, 25), 500)];

        var bg = ClvModel.FitBgNbd(same);
        var gg = ClvModel.FitGammaGamma(same);

        Assert.False(bg.Succeeded);
        Assert.Contains("same", bg.Failure);
        Assert.False(gg.Succeeded);
        Assert.Contains("same", gg.Failure);
    }

    [Fact]
    public void Fits_fail_in_words_when_customers_barely_differ()
    {
        // Two kinds of customer with the same rate: heterogeneity is not identified and the parameters run off.
        CustomerHistory[] data = [.. Enumerable.Repeat(new CustomerHistory(3, 20, 40, 25), 300),
            .. Enumerable.Repeat(new CustomerHistory(3, 20.5, 40, 25.5), 300)];

        var bg = ClvModel.FitBgNbd(data);
        var gg = ClvModel.FitGammaGamma(data);

        Assert.False(bg.Succeeded, $"r={bg.Parameters?.R} alpha={bg.Parameters?.Alpha} a={bg.Parameters?.A} b={bg.Parameters?.B}");
        Assert.False(gg.Succeeded, $"p={gg.Parameters?.P} q={gg.Parameters?.Q} g={gg.Parameters?.Gamma}");
        Assert.Contains("pin down", bg.Failure);
        Assert.Contains("pin down", gg.Failure);
    }

    [Fact]
    public void Too_few_customers_or_invalid_histories_are_refused_in_words()
    {
        Assert.False(ClvModel.FitBgNbd([new(2, 5, 10)]).Succeeded);
        Assert.Contains("not valid", ClvModel.FitBgNbd([new(2, 15, 10), new(1, 1, 10)]).Failure);
        Assert.False(ClvModel.FitGammaGamma([new(2, 5, 10, 30)]).Succeeded);
    }

    [Fact]
    public void One_purchase_customers_alone_still_get_a_prediction()
    {
        var c = new CustomerHistory(0, 0, 20);
        var value = ClvModel.SimulateValue(Published, PublishedSpend, c, 52);

        Assert.True(ClvModel.ExpectedPurchases(Published, c, 52) > 0);
        Assert.Equal(0, value.Low);
        Assert.True(value.High > 0);
    }

    [Fact]
    public void Simulated_value_is_reproducible_and_its_mean_agrees_with_the_closed_form()
    {
        var c = new CustomerHistory(6, 35, 38.86, 40);
        var analytic = ClvModel.ExpectedPurchases(Published, c, 52) * ClvModel.ExpectedOrderValue(PublishedSpend, c);

        var once = ClvModel.SimulateValue(Published, PublishedSpend, c, 52, draws: 200_000);
        var again = ClvModel.SimulateValue(Published, PublishedSpend, c, 52, draws: 200_000);

        Assert.Equal(once, again);
        Near(analytic, once.Mean, 0.02, "simulated mean");
        Assert.True(once.Low < analytic && analytic < once.High, $"{once.Low} < {analytic} < {once.High}");
    }
}
