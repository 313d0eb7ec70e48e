using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Portal.Core.Offers;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Offers;

public class OffersPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Activate_in_place_shows_the_code_with_its_QR_and_adds_it_to_the_history()
    {
        var offer = await OffersApiTests.PublishAsync(factory, OfferKind.PercentOff, 15);
        var customer = await factory.NewCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(customer.Email!);

        var page = await client.GetDocumentAsync("/offers");
        Assert.Contains("15% off", page.QuerySelector($"#offer-{offer.Id}-benefit")!.TextContent);
        Assert.Contains("Ends in", page.QuerySelector($"#offer-{offer.Id}-countdown")!.TextContent);
        Assert.NotEmpty(page.QuerySelectorAll($"#offer-{offer.Id}-reasons li"));
        var form = page.QuerySelector<IHtmlFormElement>($"#offer-{offer.Id}-activate-form")!;
        client.Http.DefaultRequestHeaders.Add("HX-Request", "true");
        var fragment = await PortalClient.ParseAsync(await client.SubmitAsync(form, new Dictionary<string, string>()));
        client.Http.DefaultRequestHeaders.Remove("HX-Request");

        var code = fragment.QuerySelector($"#offer-{offer.Id}-code")!.TextContent.Trim();
        Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", code);
        Assert.NotNull(fragment.QuerySelector($"#offer-{offer.Id}-qr svg"));
        Assert.Contains(code, fragment.QuerySelector("#offer-history[hx-swap-oob]")!.TextContent);

        var reloaded = await client.GetDocumentAsync("/offers");
        Assert.Equal(code, reloaded.QuerySelector($"#offer-{offer.Id}-code")!.TextContent.Trim());
        Assert.Null(reloaded.QuerySelector($"#offer-{offer.Id}-activate-form"));
    }

    [Fact]
    public async Task Staff_see_the_reach_per_segment_before_publishing()
    {
        await factory.NewCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync("staff@demo.local");

        var response = await client.SubmitFormAsync("/staff/offers/edit", "#offer-form", new Dictionary<string, string>
        {
            ["Input.TitleEn"] = "Welcome gift", ["Input.TitleAr"] = "هدية ترحيب", ["Input.Kind"] = "FreeReward", ["Input.Value"] = "0",
            ["Input.ValidFrom"] = DateOnly.FromDateTime(factory.Clock.Now.UtcDateTime).ToString("yyyy-MM-dd"),
            ["Input.ValidUntil"] = DateOnly.FromDateTime(factory.Clock.Now.UtcDateTime.AddDays(7)).ToString("yyyy-MM-dd"),
            ["Input.Segments"] = "New", ["Input.PerCustomerLimit"] = "1", ["Input.DescriptionEn"] = "A **gift**",
        }, "#offer-publish");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/offers", response.Headers.Location!.OriginalString);

        var list = await client.GetDocumentAsync("/staff/offers");
        var card = list.QuerySelectorAll("#staff-offers li").Single(li => li.TextContent.Contains("Welcome gift"));
        Assert.Equal("Published", card.GetAttribute("data-status"));
        var id = card.Id!["staff-offer-".Length..];
        var edit = await client.GetDocumentAsync($"/staff/offers/edit/{id}");
        Assert.NotEqual("0", edit.QuerySelector("#offer-reach tr[data-segment=New] td")!.TextContent.Trim());
        Assert.Equal("0", edit.QuerySelector("#offer-reach tr[data-segment=Vip] td")!.TextContent.Trim());
        Assert.Contains("<strong>gift</strong>", edit.QuerySelector("#offer-preview-en")!.InnerHtml);
    }
}
