using Portal.Core.Analytics;
using Portal.Core.Data;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Analytics;

/// <summary>The lifetime-value card on /analytics and in the API summary, before and after the nightly fit.</summary>
public class CustomerValueTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Before_any_fit_the_card_says_there_is_not_enough_data_and_the_api_has_no_value()
    {
        var (customer, _) = await factory.ShopperAsync();
        var client = factory.NewClient();
        await client.SignInAsync(customer.Email);

        var page = await client.GetDocumentAsync("/analytics");
        Assert.Contains("Not enough data yet", page.Text("#lifetime-value"));
        Assert.Null(page.QuerySelector("#value-predicted"));

        using var app = await factory.SignedInAppAsync(customer.Email);
        var summary = await (await app.GetAsync("/api/customer-id/analytics/summary")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, summary.GetProperty("lifetimeValue").ValueKind);

        // Too little data for a model is a state the job reports, not a failure that stores a fit.
        var outcome = await factory.WithServiceAsync<ClvFitOutcome, ClvFitting>(f => f.FitAsync());
        Assert.False(outcome.Succeeded);
        Assert.Contains("Not enough data yet", (await client.GetDocumentAsync("/analytics")).Text("#lifetime-value"));
    }
}

/// <summary>The card once a fit is stored (its own factory: the other class needs a database with no fit).</summary>
public class CustomerValueAfterFitTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>Stores the published CDNOW parameters as today's fit, as the clv-fit job would.</summary>
    private Task StoreFitAsync() => factory.WithServiceAsync<int, PortalDbContext>(db =>
    {
        db.Add(new ClvFit
        {
            FittedAtUtc = factory.Clock.Now.UtcDateTime, ObservedUntilUtc = factory.Clock.Now.UtcDateTime, Currency = "SAR",
            Customers = 2357, RepeatCustomers = 946,
            R = 0.243, Alpha = 4.414, A = 0.793, B = 2.426, P = 6.25, Q = 3.74, Gamma = 15.45,
        });
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task After_the_fit_the_card_and_the_api_show_the_same_forecast_in_both_languages()
    {
        await StoreFitAsync();
        var (sara, _) = await factory.ShopperAsync();
        var client = factory.NewClient();
        await client.SignInAsync(sara.Email);

        var page = await client.GetDocumentAsync("/analytics");
        Assert.Equal("SAR 1,750.50", page.Text("#value-historic"));
        var predicted = long.Parse(page.QuerySelector("#value-predicted")!.GetAttribute("data-minor")!);
        Assert.True(predicted > 0);
        Assert.Contains("80% chance it falls between", page.Text("#value-range"));
        Assert.Contains("Chance you shop with us again", page.Text("#value-alive"));

        using var app = await factory.SignedInAppAsync(sara.Email);
        var value = (await (await app.GetAsync("/api/customer-id/analytics/summary")).JsonAsync()).GetProperty("lifetimeValue");
        Assert.Equal(predicted, value.GetProperty("predictedMinor").GetInt64());
        Assert.Equal(1_750_50, value.GetProperty("historicMinor").GetInt64());
        Assert.True(value.GetProperty("lowMinor").GetInt64() <= value.GetProperty("highMinor").GetInt64());
        Assert.InRange(value.GetProperty("probabilityAlive").GetDouble(), 0.0, 1.0);

        var (layla, _) = await factory.ShopperAsync("ar");
        var arabic = factory.NewClient();
        await arabic.SignInAsync(layla.Email);
        var ar = await arabic.GetDocumentAsync("/analytics");
        Assert.Contains("قيمتك كعميل", ar.Text("#lifetime-value h2"));
        Assert.Contains("احتمال أن تتسوق معنا مجددًا", ar.Text("#value-alive"));
    }
}
