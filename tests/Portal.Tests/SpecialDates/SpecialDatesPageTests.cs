using System.Net;
using AngleSharp.Html.Dom;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.SpecialDates;

public class SpecialDatesPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Claim_swaps_the_card_in_place_and_a_second_click_adds_nothing()
    {
        var customer = await factory.CustomerWithBirthdayRewardAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(customer.Email!);

        var page = await client.GetDocumentAsync("/special-dates");
        Assert.Equal("In 3 days", page.Text("#upcoming-birthday-countdown"));
        Assert.Contains("100 points", page.Text("#upcoming-birthday-reward"));
        var form = (IHtmlFormElement)page.QuerySelector("#special-dates-available form[id$=-form]")!;
        var token = page.HtmxToken();

        var first = await client.PostAsHtmxAsync(form, token);
        var second = await client.PostAsHtmxAsync(form, token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var card = await PortalClient.ParseAsync(first);
        Assert.Equal("claimed", card.QuerySelector("article")!.GetAttribute("data-state"));
        Assert.Contains("100 points added", card.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("claimed", (await PortalClient.ParseAsync(second)).QuerySelector("article")!.GetAttribute("data-state"));
        Assert.Equal([100L], (await factory.SpecialDateEntriesAsync(customer.Id)).Select(e => e.Points));

        var after = await client.GetDocumentAsync("/special-dates");
        Assert.Null(after.QuerySelector("#special-dates-available article"));
        Assert.Equal("claimed", after.QuerySelector("#special-dates-history li")!.GetAttribute("data-state"));
    }

    [Fact]
    public async Task A_refused_birthday_change_says_why_in_Arabic_and_saves_neither_date()
    {
        var customer = await factory.CustomerWithBirthdayRewardAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(customer.Email!);
        // A change now uses this year's one change.
        var saved = await client.SubmitFormAsync("/special-dates", "#special-dates-form",
            new Dictionary<string, string> { ["Input.Birthday"] = "1992-01-02", ["Input.Wedding"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var arabic = await client.GetDocumentAsync("/special-dates?culture=ar");
        var form = (IHtmlFormElement)arabic.QuerySelector("#special-dates-form")!;
        form.Action += "&culture=ar";
        var refused = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Birthday"] = "1992-01-03", ["Input.Wedding"] = "2015-04-04" });

        var page = await PortalClient.ParseAsync(refused);
        Assert.Contains("مرة واحدة في السنة", page.Text("#Input_Birthday-error"));
        var dates = await client.GetDocumentAsync("/special-dates");
        Assert.Equal("1992-01-02", dates.QuerySelector("#Input_Birthday")!.GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(dates.QuerySelector("#Input_Wedding")!.GetAttribute("value")));
    }

    [Fact]
    public async Task The_profile_page_also_allows_one_birthday_change_a_year()
    {
        var customer = await factory.CustomerWithBirthdayRewardAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(customer.Email!);

        var first = await client.SubmitFormAsync("/account", "#details-form", new Dictionary<string, string> { ["Input.DisplayName"] = "Api Tester", ["Input.PreferredLanguage"] = "en", ["Input.BirthDate"] = "1992-06-01" });
        var second = await client.SubmitFormAsync("/account", "#details-form", new Dictionary<string, string> { ["Input.DisplayName"] = "Api Tester", ["Input.PreferredLanguage"] = "en", ["Input.BirthDate"] = "1992-06-02" });

        Assert.True(first.StatusCode == HttpStatusCode.Redirect,
            string.Join(" | ", (await PortalClient.ParseAsync(first)).QuerySelectorAll("[id$=-error], [role=alert]").Select(e => e.TextContent.Trim())));
        var page = await PortalClient.ParseAsync(second);
        Assert.Contains("once a year", page.Text("#Input_BirthDate-error"));
        var dates = await client.GetDocumentAsync("/special-dates");
        Assert.Equal("1992-06-01", dates.QuerySelector("#Input_Birthday")!.GetAttribute("value"));
    }
}
