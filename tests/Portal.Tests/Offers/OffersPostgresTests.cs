using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Portal.Core.Offers;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Offers;

/// <summary>/offers on PostgreSQL: its stamp query runs there too, and a change shows on the next request.</summary>
public class OffersPostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task A_staff_edit_and_an_activation_show_on_the_next_request()
    {
        var offer = await OffersApiTests.PublishAsync(factory, OfferKind.PercentOff, 15);
        var customer = await factory.NewCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(customer.Email!);
        Assert.Equal(offer.TitleEn, (await client.GetDocumentAsync("/offers")).Text($"#offer-{offer.Id}-title"));

        var edited = (await factory.WithServiceAsync<Offer?, OfferAdmin>(a => a.FindAsync(offer.Id)))!;
        edited.TitleEn = "Fifteen off everything";
        Assert.Null((await factory.WithServiceAsync<(Offer?, OfferEditError?), OfferAdmin>(a => a.SaveAsync(edited))).Item2);
        var page = await client.GetDocumentAsync("/offers");
        Assert.Equal("Fifteen off everything", page.Text($"#offer-{offer.Id}-title"));

        var form = page.QuerySelector<IHtmlFormElement>($"#offer-{offer.Id}-activate-form")!;
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.SubmitAsync(form, new Dictionary<string, string>())).StatusCode);
        var reloaded = await client.GetDocumentAsync("/offers");
        Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", reloaded.Text($"#offer-{offer.Id}-code"));
        Assert.Null(reloaded.QuerySelector($"#offer-{offer.Id}-activate-form"));
    }
}
