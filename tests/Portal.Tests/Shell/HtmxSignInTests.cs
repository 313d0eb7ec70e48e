using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Shell;

public class HtmxSignInTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static HttpRequestMessage Htmx(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        return request;
    }

    [Fact]
    public async Task A_signed_out_live_search_tells_htmx_to_go_to_sign_in_instead_of_swapping_it_in()
    {
        using var client = factory.NewClient();

        var response = await client.Http.SendAsync(Htmx("/staff/customers?q=x"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var target = new Uri(new Uri("https://localhost"), response.Headers.GetValues("HX-Redirect").Single());
        Assert.Equal("/account/login", target.AbsolutePath);
        Assert.Contains(Uri.EscapeDataString("/staff/customers?q=x"), target.Query);
    }

    [Fact]
    public async Task A_signed_out_page_load_is_still_redirected_to_sign_in()
    {
        using var client = factory.NewClient();

        var response = await client.Http.GetAsync("/staff/customers?q=x");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.False(response.Headers.Contains("HX-Redirect"));
    }

    [Fact]
    public async Task A_live_search_without_the_role_tells_htmx_to_go_to_access_denied()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("customer@demo.local");

        var response = await client.Http.SendAsync(Htmx("/admin/users?q=x"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("/account/access-denied", new Uri(new Uri("https://localhost"), response.Headers.GetValues("HX-Redirect").Single()).AbsolutePath);
    }

    [Theory]
    [InlineData("customer@demo.local", false, false)]
    [InlineData("agent@demo.local", true, false)]
    [InlineData("staff@demo.local", true, false)]
    [InlineData("admin@demo.local", true, true)]
    public async Task The_section_links_follow_the_pages_policies(string who, bool customers, bool people)
    {
        using var client = factory.NewClient();
        await client.SignInAsync(who);

        var doc = await client.GetDocumentAsync("/");

        var nav = doc.QuerySelector("header nav")!;
        Assert.Equal(customers, nav.QuerySelector("a[href='/staff/customers']") is not null);
        Assert.Equal(people, nav.QuerySelector("a[href='/admin/users']") is not null);
    }
}
