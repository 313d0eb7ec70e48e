using System.Net;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class CustomerLookupTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string InvalidIdMessage = "This Customer ID is not valid: check the digits";

    private static string Mistype(CustomerNumber number)
    {
        var digits = number.Value.ToCharArray();
        digits[4] = digits[4] == '9' ? '0' : (char)(digits[4] + 1);
        return new string(digits);
    }

    [Theory]
    [InlineData("/staff/customers")]
    [InlineData("/admin/users")]
    public async Task Customers_cannot_open_admin_or_staff_pages(string url)
    {
        using var client = factory.NewClient();
        await client.SignInAsync("customer@demo.local");

        var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Customers_cannot_open_a_profile_or_a_person_page()
    {
        var sam = await factory.PersonAsync("customer@demo.local");
        using var client = factory.NewClient();
        await client.SignInAsync("layla@demo.local");

        foreach (var url in new[] { $"/staff/customers/{sam.CustomerNumber}", $"/admin/users/{sam.Id}" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        using var client = factory.NewClient();

        var response = await client.Http.GetAsync("/staff/customers");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("agent@demo.local")]
    [InlineData("staff@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task Agent_finds_a_customer_by_typed_Customer_ID(string who)
    {
        var number = await factory.CustomerNumberOfAsync("customer@demo.local");
        using var client = factory.NewClient();
        await client.SignInAsync(who);

        var response = await client.SubmitGetFormAsync("/staff/customers", "#customer-search", new Dictionary<string, string> { ["q"] = number.Grouped });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/staff/customers/{number.Value}", response.Headers.Location!.OriginalString);
        var profile = await client.GetDocumentAsync(response.Headers.Location.OriginalString);
        Assert.Equal("Sam Carter", profile.Text("#customer-name"));
        Assert.Equal(number.Grouped, profile.Text("#account-customer-id"));
        Assert.Equal("customer@demo.local", profile.Text("#account-email"));
        Assert.Equal("Customer", profile.Text("#account-roles"));
        Assert.Equal("Active", profile.Text("#account-status"));
        Assert.Equal("Account", profile.Text("#panel-account-title"));
    }

    [Fact]
    public async Task Mistyped_Customer_ID_is_rejected_with_a_message()
    {
        var number = await factory.CustomerNumberOfAsync("customer@demo.local");
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var response = await client.Http.GetAsync($"/staff/customers?q={Uri.EscapeDataString(Mistype(number))}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal(InvalidIdMessage, doc.Text("#search-problem"));
        Assert.Equal("true", doc.QuerySelector("#q")!.GetAttribute("aria-invalid"));
        Assert.Null(doc.QuerySelector("#customer-list"));
    }

    [Fact]
    public async Task Neighbour_swap_in_a_Customer_ID_is_rejected_in_arabic_too()
    {
        var number = await factory.CustomerNumberOfAsync("customer@demo.local");
        var digits = number.Value.ToCharArray();
        var i = Enumerable.Range(0, 9).First(k => digits[k] != digits[k + 1]);
        (digits[i], digits[i + 1]) = (digits[i + 1], digits[i]);
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var doc = await client.GetDocumentAsync($"/staff/customers?culture=ar&q={new string(digits)}");

        Assert.Equal("رقم العميل هذا غير صحيح: تحقّق من الأرقام", doc.Text("#search-problem"));
    }

    [Fact]
    public async Task A_valid_Customer_ID_nobody_has_says_so()
    {
        string unused;
        do unused = CustomerNumber.NewRandom().Value;
        while (await factory.WithServiceAsync<bool, UserManager<PortalUser>>(u => Task.FromResult(u.Users.Any(x => x.CustomerNumber == unused))));
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var doc = await client.GetDocumentAsync($"/staff/customers?q={unused}");

        Assert.Equal("No customer has this Customer ID.", doc.Text("#search-problem"));
    }

    [Fact]
    public async Task Search_by_name_email_phone_finds_the_customer()
    {
        var person = await factory.NewCustomerAsync("Nadia Qureshi", "+966 55 987 6543");
        using var client = factory.NewClient();
        await client.SignInAsync("staff@demo.local");

        foreach (var text in new[] { "qureshi", "NADIA Q", person.Email!.ToUpperInvariant()[..12], "987 6543" })
        {
            var doc = await client.GetDocumentAsync($"/staff/customers?q={Uri.EscapeDataString(text)}");
            var link = doc.QuerySelector($"#customer-{person.CustomerNumber}");
            Assert.True(link is not null, $"'{text}' did not find the customer");
            Assert.Equal($"/staff/customers/{person.CustomerNumber}", link.GetAttribute("href"));
            Assert.Contains(person.Number.Grouped, link.TextContent);
        }
    }

    [Fact]
    public async Task A_search_that_matches_nobody_says_so()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var doc = await client.GetDocumentAsync("/staff/customers?q=zzqx-nobody");

        Assert.NotNull(doc.QuerySelector("#customer-none"));
        Assert.Null(doc.QuerySelector("#customer-list"));
    }

    [Fact]
    public async Task Htmx_live_search_returns_only_the_results_fragment()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");
        var request = new HttpRequestMessage(HttpMethod.Get, "/staff/customers?q=carter");
        request.Headers.Add("HX-Request", "true");

        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.DoesNotContain("customer-search", html);
        Assert.Contains("Sam Carter", html);
    }

    [Fact]
    public async Task Htmx_live_search_shows_a_typed_Customer_ID_as_a_match_and_a_mistyped_one_as_an_error()
    {
        var number = await factory.CustomerNumberOfAsync("customer@demo.local");
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        async Task<AngleSharp.Dom.IDocument> Live(string q)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/staff/customers?q={Uri.EscapeDataString(q)}");
            request.Headers.Add("HX-Request", "true");
            var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await PortalClient.ParseAsync(response);
        }

        var match = await Live(number.Grouped);
        Assert.NotNull(match.QuerySelector($"#customer-{number.Value}"));
        var typo = await Live(Mistype(number));
        Assert.Equal(InvalidIdMessage, typo.Text("#search-problem"));
        Assert.Equal("innerHTML", typo.QuerySelector("#search-problem")!.GetAttribute("hx-swap-oob"));
        var fixedAgain = await Live("carter");
        Assert.Equal("", fixedAgain.Text("#search-problem"));
    }

    [Fact]
    public async Task The_search_input_always_points_at_its_error_and_only_the_count_is_announced()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var doc = await client.GetDocumentAsync("/staff/customers?q=carter");

        var input = doc.QuerySelector("#q")!;
        Assert.Equal("false", input.GetAttribute("aria-invalid"));
        Assert.Equal(["search-hint", "search-problem"], input.GetAttribute("aria-describedby")!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("search-problem", input.GetAttribute("data-error"));
        Assert.Equal("", doc.Text("#search-problem"));
        Assert.Equal("status", doc.QuerySelector("#customer-count")!.GetAttribute("role"));
        Assert.Equal("1 result", doc.Text("#customer-count"));
        Assert.Null(doc.QuerySelector("#customer-results")!.GetAttribute("aria-live"));
    }

    [Fact]
    public async Task Boosted_navigation_gets_the_whole_page()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");
        var request = new HttpRequestMessage(HttpMethod.Get, "/staff/customers?q=carter");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Boosted", "true");

        var html = await (await client.Http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html", html);
    }

    [Fact]
    public async Task The_scan_button_is_hidden_until_the_script_finds_a_camera_api()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var doc = await client.GetDocumentAsync("/staff/customers");

        var button = doc.QuerySelector("#scan-card")!;
        Assert.True(button.HasAttribute("hidden"));
        Assert.False(string.IsNullOrEmpty(button.GetAttribute("data-camera-error")));
        // scan-card.js runs from the bundle every page loads (build-assets.mjs).
        var bundle = doc.Scripts.Select(s => s.Source).Single(s => s?.StartsWith("/dist/portal.js") == true)!;
        Assert.Contains("[data-scan-card]", await client.Http.GetStringAsync(bundle));
    }

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("mistyped")]
    [InlineData("unknown")]
    public async Task Unknown_profile_is_404(string kind)
    {
        var number = await factory.CustomerNumberOfAsync("customer@demo.local");
        var url = kind switch
        {
            "not-a-number" => "/staff/customers/abc",
            "mistyped" => $"/staff/customers/{Mistype(number)}",
            _ => "/staff/customers/0000000000",
        };
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", (await PortalClient.ParseAsync(response)).Text("#error-title"));
    }

    [Fact]
    public async Task The_profile_shows_phone_birth_date_and_language_for_the_culture()
    {
        var person = await factory.NewCustomerAsync("Nadia Qureshi", "+966 55 987 6543");
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var en = await client.GetDocumentAsync($"/staff/customers/{person.CustomerNumber}?culture=en");
        var ar = await client.GetDocumentAsync($"/staff/customers/{person.CustomerNumber}?culture=ar");

        Assert.Equal("+966 55 987 6543", en.Text("#account-phone"));
        Assert.Equal("Thursday, May 17, 1990", en.Text("#account-birth-date"));
        Assert.Equal("English", en.Text("#account-language"));
        Assert.Contains("1990", ar.Text("#account-birth-date"));
        Assert.Contains("مايو", ar.Text("#account-birth-date"));
        Assert.Null(en.QuerySelector("#manage-person"));
    }
}
