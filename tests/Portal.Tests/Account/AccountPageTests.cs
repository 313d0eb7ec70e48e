using System.Net;
using AngleSharp.Dom;
using Portal.Core.Customers;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

public class AccountPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static Dictionary<string, string> Details(string name = "Test Customer", string phone = "", string birthDate = "",
        string language = Languages.English, string zone = "") => new()
    {
        ["Input.DisplayName"] = name, ["Input.PhoneNumber"] = phone, ["Input.BirthDate"] = birthDate,
        ["Input.PreferredLanguage"] = language, ["Input.TimeZoneId"] = zone,
    };

    /// <summary>Posts <paramref name="fields"/> to a handler of /account as htmx does.</summary>
    private static async Task<HttpResponseMessage> HtmxPostAsync(PortalClient client, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync("/account");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/account?handler={handler}") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", Loyalty.LoyaltyTestKit.HtmxToken(page));
        return await client.Http.SendAsync(request);
    }

    private async Task<(PortalClient Client, string Email)> SignedInAsync()
    {
        var email = await factory.CreateCustomerAsync();
        var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);
        return (client, email);
    }

    [Fact]
    public async Task Choosing_Arabic_switches_the_portal_and_the_name_on_the_card()
    {
        var (client, email) = await SignedInAsync();
        using var _ = client;

        (await client.SubmitFormAsync("/account", "form#details-form",
            Details("نور الهدى", "٠٥٠ ١٢٣ ٤٥٦٧", "1995-02-28", Languages.Arabic, "Europe/London"))).AssertRedirectTo("/account");

        var account = await client.GetDocumentAsync("/account");
        Assert.Equal("rtl", account.DocumentElement.GetAttribute("dir"));
        Assert.StartsWith("تم حفظ بياناتك.", account.Text("#status-message"));
        Assert.Equal("Europe/London", account.QuerySelector("#Input_TimeZoneId option[selected]")!.GetAttribute("value"));
        Assert.Equal("نور الهدى", (await client.GetDocumentAsync("/")).Text("#card-name"));
        var user = await factory.FindUserAsync(email);
        Assert.Equal("050 123 4567", user!.PhoneNumber);
        Assert.False(user.PhoneNumberConfirmed);
        Assert.Equal(new DateOnly(1995, 2, 28), user.BirthDate);
        Assert.Equal(Languages.Arabic, user.PreferredLanguage);
        Assert.Equal("Europe/London", user.TimeZoneId);
    }

    [Fact]
    public async Task An_invalid_form_or_an_unknown_time_zone_changes_nothing()
    {
        var (client, email) = await SignedInAsync();
        using var _ = client;

        var invalid = await client.SubmitFormAsync("/account", "form#details-form", Details("", "12", language: "fr"));
        var arabic = (await client.GetDocumentAsync("/account?culture=ar")).QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form#details-form")!;
        arabic.Action += "&culture=ar";
        var badZone = await client.SubmitAsync(arabic, Details("Someone Else", zone: "Mars/Olympus_Mons"));

        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var doc = await PortalClient.ParseAsync(invalid);
        Assert.Equal("Enter your name.", doc.Text("#Input_DisplayName-error"));
        Assert.NotEmpty(doc.Text("#Input_PhoneNumber-error"));
        Assert.Equal("Choose a language.", doc.Text("#Input_PreferredLanguage-error"));
        Assert.Equal("اختر منطقة زمنية من القائمة.", (await PortalClient.ParseAsync(badZone)).Text("#Input_TimeZoneId-error"));
        var user = await factory.FindUserAsync(email);
        Assert.Equal("Test Customer", user!.DisplayName);
        Assert.Null(user.TimeZoneId);
    }

    [Fact]
    public async Task Saving_in_place_shows_Saved_and_a_new_phone_number_asks_to_be_verified()
    {
        var (client, email) = await SignedInAsync();
        using var _ = client;

        var response = await HtmxPostAsync(client, "Details", Details("Nour Saved", "+966 50 111 2222", zone: "Asia/Dubai"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await PortalClient.ParseAsync(response);
        Assert.Equal("Saved", fragment.Text("#details-saved"));
        Assert.Equal("false", fragment.QuerySelector("#phone-status")!.GetAttribute("data-verified"));
        Assert.Equal("/notifications#phone", fragment.QuerySelector("#verify-phone-link")!.GetAttribute("href"));
        Assert.Equal("Nour Saved", fragment.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        var user = await factory.FindUserAsync(email);
        Assert.Equal("Nour Saved", user!.DisplayName);
        Assert.Equal("+966 50 111 2222", user.PhoneNumber);
        Assert.Equal("Asia/Dubai", user.TimeZoneId);
    }

    [Fact]
    public async Task A_new_language_saved_in_place_reloads_the_page()
    {
        var (client, _) = await SignedInAsync();
        using var __ = client;

        var response = await HtmxPostAsync(client, "Details", Details(language: Languages.Arabic));

        Assert.Equal("/account", response.Headers.GetValues("HX-Redirect").Single());
        Assert.Equal("rtl", (await client.GetDocumentAsync("/account")).DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task A_new_email_counts_once_its_link_is_opened_and_the_old_address_is_told()
    {
        var (client, email) = await SignedInAsync();
        using var _ = client;
        var newEmail = AccountTestKit.NewEmail();

        var wrong = await HtmxPostAsync(client, "Email", new() { ["Email.NewEmail"] = newEmail, ["Email.Password"] = "not my password" });
        Assert.Equal("That password is not right.", (await PortalClient.ParseAsync(wrong)).Text("#Email_Password-error"));
        Assert.Null(factory.LastEmailTo(newEmail));

        var asked = await HtmxPostAsync(client, "Email", new() { ["Email.NewEmail"] = newEmail, ["Email.Password"] = AccountTestKit.Password });
        Assert.Contains(newEmail, (await PortalClient.ParseAsync(asked)).Text("#account-email-pending"));
        Assert.Equal(email, (await factory.FindUserAsync(email))!.Email);
        Assert.Equal("Your email is being changed", factory.LastEmailTo(email)!.Subject);

        var link = factory.LinkInLastEmailTo(newEmail);
        Assert.Equal("/account/confirm-email-change", link.AbsolutePath);
        using var elsewhere = factory.NewClient();
        var confirmed = await elsewhere.GetDocumentAsync(link.PathAndQuery);

        Assert.Equal("true", confirmed.QuerySelector("#confirm-email-change-result")!.GetAttribute("data-changed"));
        Assert.Null(await factory.FindUserAsync(email));
        var user = await factory.FindUserAsync(newEmail);
        Assert.True(user!.EmailConfirmed);
        Assert.Equal(newEmail, user.UserName);
        await elsewhere.SignInAsync(newEmail, AccountTestKit.Password);
        Assert.Equal(newEmail, (await elsewhere.GetDocumentAsync("/account")).Text("#account-email-address"));
        // The link works once.
        Assert.Equal("false", (await elsewhere.GetDocumentAsync(link.PathAndQuery)).QuerySelector("#confirm-email-change-result")!.GetAttribute("data-changed"));
    }

    [Fact]
    public async Task A_cancelled_email_change_leaves_its_link_dead()
    {
        var (client, email) = await SignedInAsync();
        using var _ = client;
        var newEmail = AccountTestKit.NewEmail();
        (await client.SubmitFormAsync("/account", "form#email-form", new Dictionary<string, string>
        {
            ["Email.NewEmail"] = newEmail, ["Email.Password"] = AccountTestKit.Password,
        })).AssertRedirectTo("/account");
        var link = factory.LinkInLastEmailTo(newEmail);

        (await client.SubmitFormAsync("/account", "form#cancel-email-form", new Dictionary<string, string>())).AssertRedirectTo("/account");
        var page = await client.GetDocumentAsync(link.PathAndQuery);

        Assert.Equal("false", page.QuerySelector("#confirm-email-change-result")!.GetAttribute("data-changed"));
        Assert.Equal(email, (await factory.FindUserAsync(email))!.Email);
        Assert.Null((await client.GetDocumentAsync("/account")).QuerySelector("#account-email-pending"));
    }

    [Fact]
    public async Task The_old_profile_address_and_the_security_page_lead_here()
    {
        var (client, _) = await SignedInAsync();
        using var __ = client;

        var old = await client.Http.GetAsync("/security/profile");

        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/account", old.Headers.Location!.OriginalString);
        Assert.Equal("/account", (await client.GetDocumentAsync("/security")).QuerySelector("#edit-profile")!.GetAttribute("href"));
        var account = await client.GetDocumentAsync("/account");
        Assert.Equal("/security/change-password", account.QuerySelector("#account-change-password")!.GetAttribute("href"));
        Assert.Equal("/security/two-factor", account.QuerySelector("#account-manage-two-factor")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_page_needs_a_signed_in_customer()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }
}
