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
        var user = await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByEmailAsync("layla@demo.local"));
        // Umm al-Qura would show a 14xx year.
        Assert.Contains(user!.MemberSinceUtc.Year.ToString(), since);
        Assert.DoesNotContain("14", since.Replace(user.MemberSinceUtc.Year.ToString(), ""));
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

    [Theory]
    [InlineData("en", "CustomerPortal", "ltr")]
    [InlineData("ar", "بوابة العملاء", "rtl")]
    public async Task The_portal_can_be_added_to_a_home_screen_in_the_visitors_language(string culture, string name, string dir)
    {
        using var client = factory.NewClient();
        var doc = await client.GetDocumentAsync("/?culture=" + culture);
        var href = doc.QuerySelector("link[rel=manifest]")!.GetAttribute("href")!;
        var response = await client.Http.GetAsync(href);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType!.MediaType);
        using var manifest = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        Assert.Equal(name, root.GetProperty("name").GetString());
        Assert.Equal(dir, root.GetProperty("dir").GetString());
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        Assert.Contains(root.GetProperty("shortcuts").EnumerateArray(), s => s.GetProperty("url").GetString() == "/card");
        foreach (var icon in root.GetProperty("icons").EnumerateArray())
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(icon.GetProperty("src").GetString())).StatusCode);

        var favicon = await client.Http.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
        var bytes = await favicon.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);
    }
}

public class SignInPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("en", "Sign in")]
    [InlineData("ar", "تسجيل الدخول")]
    public async Task The_sign_in_page_says_sign_in_once_and_offers_registration_in_the_header(string culture, string signIn)
    {
        using var client = factory.NewClient();
        var doc = await client.GetDocumentAsync("/account/login?culture=" + culture);
        var actions = doc.QuerySelectorAll("a, button").Select(e => e.TextContent.Trim()).Where(t => t == signIn).ToList();
        Assert.Single(actions);
        Assert.NotNull(doc.QuerySelector("header a[href='/account/register']"));

        var home = await client.GetDocumentAsync("/?culture=" + culture);
        Assert.Equal(signIn, home.QuerySelector("header a[href='/account/login']")!.TextContent.Trim());
    }
}
