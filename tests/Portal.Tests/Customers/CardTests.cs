using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class CardTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_home_page_is_the_customers_membership_card_with_a_QR_of_their_Customer_ID()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("customer@demo.local");
        var user = await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByEmailAsync("customer@demo.local"));
        var doc = await client.GetDocumentAsync("/");
        Assert.Equal(user!.Number.Grouped, doc.QuerySelector("#customer-id")!.TextContent.Trim());
        Assert.Equal("Sam Carter", doc.QuerySelector("#card-name")!.TextContent.Trim());
        var qr = doc.QuerySelector("#membership-card svg[role=img]");
        Assert.NotNull(qr);
        Assert.Contains(user.Number.Grouped, qr!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_full_screen_card_needs_a_signed_in_customer()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/card");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);

        await client.SignInAsync("layla@demo.local");
        var doc = await client.GetDocumentAsync("/card");
        Assert.NotNull(doc.QuerySelector("#membership-card svg"));
        Assert.Null(doc.QuerySelector("header nav"));
    }

    [Fact]
    public async Task Arabic_dates_stay_Gregorian()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("layla@demo.local");
        var doc = await client.GetDocumentAsync("/");
        var since = doc.QuerySelector("#member-since")!.TextContent;
        // Umm al-Qura would show a 14xx year.
        Assert.Contains(DateTime.UtcNow.Year.ToString(), since);
        Assert.Equal("rtl", doc.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task Signed_out_visitors_see_the_welcome_page_with_sign_in_and_register()
    {
        using var client = factory.NewClient();
        var doc = await client.GetDocumentAsync("/");
        Assert.Null(doc.QuerySelector("#membership-card"));
        Assert.NotNull(doc.QuerySelector("main a[href='/account/login']"));
        Assert.NotNull(doc.QuerySelector("main a[href='/account/register']"));
    }
}
