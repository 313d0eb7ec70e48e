using System.Net;
using AngleSharp.Dom;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class SessionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_opens_security()
    {
        var email = await factory.CreateCustomerAsync();
        using var browser = await factory.SignedInBrowserAsync(email);
        var copy = browser.CookieHeader;
        Assert.Equal(HttpStatusCode.OK, (await factory.GetWithCookieAsync("/security", copy)).StatusCode);

        (await browser.Client.PostOnSecurityPageAsync("form[action='/account/logout']")).AssertRedirectTo("/");

        (await factory.GetWithCookieAsync("/security", copy)).AssertSignedOut();
    }

    [Fact]
    public async Task Security_lists_each_signed_in_browser_with_a_readable_device_and_marks_this_one()
    {
        var email = await factory.CreateCustomerAsync();
        using var laptop = await factory.SignedInBrowserAsync(email, userAgent: Chrome);
        using var phone = await factory.SignedInBrowserAsync(email, userAgent: IPhone);

        var page = await laptop.Client.GetDocumentAsync("/security");
        var rows = page.QuerySelectorAll("#session-list li");
        Assert.Equal(2, rows.Length);
        var current = Assert.Single(rows, r => r.GetAttribute("data-current") == "true");
        Assert.Equal("Chrome on Windows", current.QuerySelector(".session-device")!.TextContent);
        Assert.Contains("This device", current.TextContent);
        Assert.Contains(rows, r => r.QuerySelector(".session-device")!.TextContent == "Safari on iPhone");
        Assert.NotNull(page.QuerySelector("#sign-out-this-device"));
    }

    [Fact]
    public async Task Signing_out_another_device_ends_it_on_its_very_next_request()
    {
        var email = await factory.CreateCustomerAsync();
        using var laptop = await factory.SignedInBrowserAsync(email, userAgent: Chrome);
        using var phone = await factory.SignedInBrowserAsync(email, userAgent: IPhone);

        (await laptop.Client.PostOnSecurityPageAsync("#session-list li[data-current='false'] form")).AssertRedirectTo("/security");

        (await phone.Client.Http.GetAsync("/security")).AssertSignedOut();
        var page = await laptop.Client.GetDocumentAsync("/security");
        Assert.Equal("That device has been signed out.", page.Text("#status-message"));
        Assert.Single(page.QuerySelectorAll("#session-list li"));
    }

    [Fact]
    public async Task Sign_out_this_device_ends_the_session_here()
    {
        var email = await factory.CreateCustomerAsync();
        using var browser = await factory.SignedInBrowserAsync(email);
        var copy = browser.CookieHeader;

        (await browser.Client.PostOnSecurityPageAsync("#session-list li[data-current='true'] form")).AssertRedirectTo("/account/login");

        (await factory.GetWithCookieAsync("/security", copy)).AssertSignedOut();
    }

    [Fact]
    public async Task Sign_out_everywhere_else_keeps_this_browser_and_ends_other_browsers_and_apps()
    {
        var email = await factory.CreateCustomerAsync();
        using var laptop = await factory.SignedInBrowserAsync(email);
        using var phone = await factory.SignedInBrowserAsync(email);
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(email, AccountTestKit.Password);

        (await laptop.Client.PostOnSecurityPageAsync("#sign-out-everywhere-else-form")).AssertRedirectTo("/security");

        (await phone.Client.Http.GetAsync("/security")).AssertSignedOut();
        await (await api.GetWithTokenAsync(ApiTestClient.Me, tokens.Access())).AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
        await (await api.RefreshAsync(tokens.RefreshToken())).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        var page = await laptop.Client.GetDocumentAsync("/security");
        Assert.Equal("Every other device has been signed out.", page.Text("#status-message"));
        Assert.Equal("true", Assert.Single(page.QuerySelectorAll("#session-list li")).GetAttribute("data-current"));
    }

    [Fact]
    public async Task The_htmx_sign_out_of_another_device_answers_with_the_updated_list()
    {
        var email = await factory.CreateCustomerAsync();
        using var laptop = await factory.SignedInBrowserAsync(email);
        using var phone = await factory.SignedInBrowserAsync(email);
        var page = await laptop.Client.GetDocumentAsync("/security");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("#session-list li[data-current='false'] form")!;
        laptop.Client.Http.DefaultRequestHeaders.Add("HX-Request", "true");

        var response = await laptop.Client.SubmitAsync(form, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await PortalClient.ParseAsync(response);
        Assert.Equal("That device has been signed out.", fragment.Text("#sessions-message"));
        Assert.Single(fragment.QuerySelectorAll("#session-list li"));
        (await phone.Client.Http.GetAsync("/security")).AssertSignedOut();
    }

    [Fact]
    public async Task Changing_the_password_ends_other_browsers_and_app_tokens_but_not_this_browser()
    {
        var email = await factory.CreateCustomerAsync();
        using var laptop = await factory.SignedInBrowserAsync(email);
        using var phone = await factory.SignedInBrowserAsync(email);
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(email, AccountTestKit.Password);

        (await laptop.Client.SubmitFormAsync("/security/change-password", "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountTestKit.Password,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        })).AssertRedirectTo("/security");

        Assert.Equal(HttpStatusCode.OK, (await laptop.Client.Http.GetAsync("/security")).StatusCode);
        (await phone.Client.Http.GetAsync("/security")).AssertSignedOut();
        await (await api.RefreshAsync(tokens.RefreshToken())).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetWithTokenAsync(ApiTestClient.Me, tokens.Access())).StatusCode);
    }

    [Fact]
    public async Task Locking_the_account_with_wrong_passwords_ends_its_sessions()
    {
        var email = await factory.CreateCustomerAsync();
        using var browser = await factory.SignedInBrowserAsync(email);
        using var guesser = factory.NewClient();

        for (var i = 0; i < 5; i++) await guesser.SignInFormAsync(email, "not the password " + i);

        (await browser.Client.Http.GetAsync("/security")).AssertSignedOut();
    }
}
