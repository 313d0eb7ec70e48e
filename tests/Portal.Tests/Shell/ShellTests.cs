using System.Net;
using System.Net.Http.Headers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Shell;

public class ShellTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Pages_carry_the_security_headers_and_vary_on_htmx()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain(" 'unsafe-eval'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task Pages_have_no_inline_script()
    {
        using var client = factory.NewClient();
        var doc = await client.GetDocumentAsync("/");
        Assert.All(doc.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), "inline <script> found"));
    }

    [Theory]
    [InlineData("/?culture=ar", null, null, "ar", "rtl")]
    [InlineData("/?culture=en", "ar", "ar", "en", "ltr")]
    [InlineData("/", "ar", "en", "ar", "rtl")]
    [InlineData("/", null, "ar-SA,ar;q=0.9", "ar", "rtl")]
    [InlineData("/", null, "en-GB", "en", "ltr")]
    [InlineData("/", null, "fr-FR", "en", "ltr")]
    public async Task Language_comes_from_query_then_cookie_then_accept_language(string url, string? cookie, string? acceptLanguage, string lang, string dir)
    {
        using var client = factory.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null) request.Headers.Add("Cookie", $".Portal.Culture=c={cookie}|uic={cookie}");
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var doc = await PortalClient.ParseAsync(await client.Http.SendAsync(request));
        Assert.Equal(lang, doc.DocumentElement.GetAttribute("lang"));
        Assert.Equal(dir, doc.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task A_signed_in_customer_gets_their_preferred_language_without_choosing()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("layla@demo.local");
        var doc = await client.GetDocumentAsync("/");
        Assert.Equal("rtl", doc.DocumentElement.GetAttribute("dir"));
        Assert.Contains("بطاقتي", doc.QuerySelector("nav")!.TextContent);
    }

    [Fact]
    public async Task The_language_switcher_remembers_the_choice_and_returns_to_the_page()
    {
        using var client = factory.NewClient();
        var response = await client.SubmitFormAsync("/account/login", "form[action^='/preferences?handler=language']", new Dictionary<string, string>(), "#lang-switch");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.OriginalString);
        var doc = await client.GetDocumentAsync("/account/login");
        Assert.Equal("ar", doc.DocumentElement.GetAttribute("lang"));
    }

    [Theory]
    [InlineData("dark", "dark")]
    [InlineData("light", "light")]
    [InlineData("system", "theme-system")]
    public async Task The_theme_choice_is_rendered_by_the_server(string choice, string htmlClass)
    {
        using var client = factory.NewClient();
        var response = await client.SubmitFormAsync("/", "#theme-form", new Dictionary<string, string>(), $"#theme-{choice}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var doc = await client.GetDocumentAsync("/");
        Assert.Equal(htmlClass, doc.DocumentElement.ClassName);
        Assert.Equal("true", doc.QuerySelector($"#theme-{choice}")!.GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task A_preference_post_without_the_antiforgery_token_is_refused()
    {
        using var client = factory.NewClient();
        var response = await client.Http.PostAsync("/preferences?handler=theme", new FormUrlEncodedContent([new("theme", "dark")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Health_check_reports_the_database()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_pages_get_a_localized_not_found_page()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/no-such-page?culture=ar");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("الصفحة غير موجودة", doc.QuerySelector("#error-title")!.TextContent);
    }

    [Fact]
    public async Task Static_assets_built_from_npm_are_served()
    {
        using var client = factory.NewClient();
        foreach (var path in new[] { "/dist/app.css", "/dist/lib/htmx.min.js", "/dist/portal.js", "/js/site.js" })
        {
            var response = await client.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
