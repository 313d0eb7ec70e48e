using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications.Sms;

public class PhoneVerificationPageTests(SmsFilePortalFactory factory) : IClassFixture<SmsFilePortalFactory>
{
    private static async Task<IDocument> HtmxPostAsync(PortalClient browser, string token, string handler, params (string, string)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/notifications/phone?handler={handler}")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalClient.ParseAsync(response);
    }

    private static string Token(IDocument page) => page.QuerySelector("body")!.GetAttribute("hx-headers")!.Split('"')[3];

    [Fact]
    public async Task A_customer_verifies_a_phone_in_place_and_the_sms_column_stops_asking_for_one()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var page = await browser.GetDocumentAsync("/notifications");
        Assert.NotNull(page.GetElementById("phone-not-verified"));
        Assert.Equal("sms-needs-phone", page.GetElementById("pref-Tickets-Sms")!.GetAttribute("aria-describedby"));
        Assert.NotNull(page.GetElementById("sms-needs-phone"));
        var token = Token(page);

        var bad = await HtmxPostAsync(browser, token, "Send", ("phoneNumber", "05x 123"));
        Assert.Contains("Enter a mobile number we can text", bad.GetElementById("phone-message")!.TextContent);
        Assert.Equal("05x 123", bad.GetElementById("phone-number")!.GetAttribute("value"));

        var sent = await HtmxPostAsync(browser, token, "Send", ("phoneNumber", "050 000 0201"));
        Assert.Contains("We sent a 6-digit code to", sent.GetElementById("phone-message")!.TextContent);
        Assert.NotNull(sent.GetElementById("phone-code-form"));
        var code = factory.LastCodeTo("+966500000201");
        Assert.Matches(@"^\d{6} is your CustomerPortal verification code", factory.LastTextTo("+966500000201")!.Value.Text);

        var again = await HtmxPostAsync(browser, token, "Send", ("phoneNumber", "+966500000201"));
        Assert.Contains("A code was sent less than a minute ago. You can ask for a new one at", again.GetElementById("phone-message")!.TextContent);

        var wrong = await HtmxPostAsync(browser, token, "Confirm", ("code", code == "000000" ? "111111" : "000000"));
        Assert.Equal("That code is not right. 4 tries left.", wrong.GetElementById("phone-message")!.TextContent);
        Assert.Equal("true", wrong.GetElementById("phone-message")!.GetAttribute("data-error"));

        var verified = await HtmxPostAsync(browser, token, "Confirm", ("code", code));
        Assert.Contains("is verified", verified.GetElementById("phone-message")!.TextContent);
        Assert.Equal("+966•••••0201", verified.GetElementById("phone-verified-number")!.TextContent);

        var reloaded = await browser.GetDocumentAsync("/notifications");
        Assert.Equal("+966•••••0201", reloaded.GetElementById("phone-verified-number")!.TextContent);
        Assert.Null(reloaded.GetElementById("sms-needs-phone"));
        var user = await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByIdAsync(customer.Id));
        Assert.Equal(("+966500000201", true), (user!.PhoneNumber, user.PhoneNumberConfirmed));
    }

    [Fact]
    public async Task Without_javascript_in_Arabic_the_forms_post_back_to_the_page_with_the_answer_and_the_code_arrives_in_Arabic()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var sent = await browser.SubmitFormAsync("/notifications", "#phone-number-form", new Dictionary<string, string> { ["phoneNumber"] = "٠٥٠٠٠٠٠٢٠٢" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/notifications#phone-title", sent.Headers.Location!.OriginalString);
        var text = factory.LastTextTo("+966500000202")!.Value.Text;
        Assert.Contains("هو رمز التحقق", text);
        var code = factory.LastCodeTo("+966500000202");

        var page = await browser.GetDocumentAsync("/notifications");
        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("أرسلنا رمزًا من 6 أرقام", page.GetElementById("phone-message")!.TextContent);

        var wrong = await browser.SubmitFormAsync("/notifications", "#phone-code-form", new Dictionary<string, string> { ["code"] = code == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Contains("الرمز غير صحيح. بقيت 4 محاولات.", (await browser.GetDocumentAsync("/notifications")).GetElementById("phone-message")!.TextContent);

        await browser.SubmitFormAsync("/notifications", "#phone-code-form", new Dictionary<string, string> { ["code"] = code });
        var verified = await browser.GetDocumentAsync("/notifications");
        Assert.Contains("تم التحقق من رقم هاتفك", verified.GetElementById("phone-message")!.TextContent);
        Assert.Equal("+966•••••0202", verified.GetElementById("phone-verified-number")!.TextContent);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_verification_with_the_time_it_ends_in_the_customers_zone()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        var token = Token(await browser.GetDocumentAsync("/notifications"));
        await HtmxPostAsync(browser, token, "Send", ("phoneNumber", "0500000203"));
        var wrongCode = factory.LastCodeTo("+966500000203") == "000000" ? "111111" : "000000";

        IDocument last = null!;
        for (var i = 0; i < 5; i++) last = await HtmxPostAsync(browser, token, "Confirm", ("code", wrongCode));

        var until = TimeZoneInfo.ConvertTimeFromUtc(factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh"));
        Assert.Equal($"Too many wrong codes. Phone verification is locked until {until:HH:mm}.", last.GetElementById("phone-message")!.TextContent);
        Assert.Null(last.GetElementById("phone-code-form"));
        var page = await browser.GetDocumentAsync("/notifications");
        Assert.Contains($"locked until {until:HH:mm}", page.GetElementById("phone-locked")!.TextContent);
    }

    [Fact]
    public async Task Changing_the_phone_on_the_account_page_unverifies_it()
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.VerifyPhoneAsync(customer.Id, "+966500000204");
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);

        var saved = await browser.SubmitFormAsync("/account", "form#details-form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Api Tester", ["Input.PhoneNumber"] = "+966500000205", ["Input.BirthDate"] = "",
            ["Input.PreferredLanguage"] = "en", ["Input.TimeZoneId"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var user = await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByIdAsync(customer.Id));
        Assert.Equal(("+966500000205", false), (user!.PhoneNumber, user.PhoneNumberConfirmed));
        Assert.NotNull((await browser.GetDocumentAsync("/notifications")).GetElementById("phone-not-verified"));
    }
}
