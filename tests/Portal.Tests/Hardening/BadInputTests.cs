using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Hardening;

/// <summary>Input a browser would never send, or a person might paste by mistake, is answered, never a 500.</summary>
public class BadInputTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_empty_or_blank_two_factor_code_asks_for_the_code_again()
    {
        var email = await factory.CreateCustomerAsync();
        using var owner = factory.NewClient();
        await owner.SignInAsync(email, AccountTestKit.Password);
        await owner.EnableTwoFactorAsync();

        using var client = factory.NewClient();
        await client.SignInUpToTheSecondStepAsync(email);
        foreach (var code in new[] { "", "   ", " - - ", "\u202E", "١٢٣٤٥٦", new string('9', 5000) })
        {
            var response = await client.SubmitFormAsync("/account/login-with2fa", "form#twofa-form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = code });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty((await PortalClient.ParseAsync(response)).QuerySelectorAll("#Input_TwoFactorCode-error, [role=alert] li"));
        }

        using var api = factory.NewApiClient();
        foreach (var code in new[] { "", "   ", " - - ", "\u202E" })
            await (await api.LoginAsync(email, AccountTestKit.Password, twoFactorCode: code)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("%E2%80%AE")]
    [InlineData("/%E2%80%AEevil")]
    [InlineData("/%D8%A7%D9%84%D9%86%D9%82%D8%A7%D8%B7")]
    [InlineData("//evil.example")]
    [InlineData("%5C%5Cevil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%0D%0ALocation:%20https://evil.example")]
    [InlineData("%00")]
    public async Task An_odd_return_url_keeps_the_sign_in_on_this_site(string returnUrl)
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();

        var page = await client.Http.GetAsync("/account/login?ReturnUrl=" + returnUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var response = await client.SubmitFormAsync("/account/login?ReturnUrl=" + returnUrl, "form#login-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountTestKit.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
        Assert.True(location.All(c => c is > ' ' and < (char)0x7F), location);
        var next = await client.Http.GetAsync(location);
        Assert.True((int)next.StatusCode < 500, $"{location}: {(int)next.StatusCode}");
    }

    [Fact]
    public async Task An_oversized_upload_on_the_ticket_form_gets_a_page_that_says_so()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("customer@demo.local");
        var form = await client.GetDocumentAsync("/tickets/new");
        var token = form.QuerySelector("form#new-ticket-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Too big"), "Input.Subject" },
            { new StringContent("Other"), "Input.Category" },
            { new StringContent("A very large picture"), "Input.Description" },
        };
        var file = new ByteArrayContent(new byte[26 * 1024 * 1024]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(file, "Input.Files", "huge.png");
        var response = await client.Http.PostAsync("/tickets/new?culture=ar", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("الطلب أكبر من المسموح", page.Text("main h1"));
    }

    [Fact]
    public async Task An_oversized_API_body_is_a_413_problem()
    {
        var tokens = await factory.NewApiClient().TokensAsync("customer@demo.local");
        using var api = factory.NewApiClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var body = "{\"subject\":\"Big\",\"category\":\"Other\",\"description\":\"" + new string('x', 31 * 1024 * 1024) + "\"}";

        var response = await api.PostAsync("/api/customer-id/support/tickets", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("payload_too_large", problem.GetProperty("code").GetString());
    }
}
