using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class ForgotPasswordTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string NewPassword = "sunlight over the dunes";

    [Fact]
    public async Task Forgot_password_reset_link_from_the_email_works()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();

        (await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = email }))
            .AssertRedirectTo("/account/forgot-password-confirmation");
        var link = factory.LinkInLastEmailTo(email);
        Assert.Equal("/account/reset-password", link.AbsolutePath);

        var form = await client.GetDocumentAsync(link.PathAndQuery);
        Assert.Equal(email, form.QuerySelector("#Input_Email")!.GetAttribute("value"));
        var response = await client.SubmitFormAsync(link.PathAndQuery, "form#reset-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        response.AssertRedirectTo("/account/reset-password-confirmation");
        var confirmation = await client.GetDocumentAsync("/account/reset-password-confirmation");
        Assert.Equal("/account/login", confirmation.QuerySelector("a#reset-sign-in")!.GetAttribute("href"));

        using var fresh = factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await fresh.SignInFormAsync(email, AccountTestKit.Password)).StatusCode);
        (await fresh.SignInFormAsync(email, NewPassword)).AssertRedirectTo("/");
    }

    [Fact]
    public async Task Forgot_password_for_unknown_email_looks_the_same()
    {
        var known = await factory.CreateCustomerAsync();
        var unknown = AccountTestKit.NewEmail();
        using var client = factory.NewClient();

        var forKnown = await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = known });
        var forUnknown = await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = unknown });

        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(forKnown.Headers.Location, forUnknown.Headers.Location);
        var page = await client.GetDocumentAsync(forUnknown.Headers.Location!.OriginalString);
        Assert.Contains("If an account exists for that email", page.Text("#forgot-confirmation"));
        Assert.NotNull(factory.LastEmailTo(known));
        Assert.Null(factory.LastEmailTo(unknown));
    }

    [Fact]
    public async Task Known_and_unknown_addresses_take_the_same_path_and_no_mail_is_sent_inside_the_request()
    {
        var known = await factory.CreateCustomerAsync();
        var unknown = AccountTestKit.NewEmail();
        using var client = factory.NewClient();
        factory.DeliverNotifications();
        var before = await ResetRequestsAsync();
        var mailBefore = MailCount();

        await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = known });
        await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = unknown });

        // Each answer wrote one event and sent nothing: the same work whether or not the account exists.
        var recorded = (await ResetRequestsAsync()).Skip(before.Count).ToList();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(mailBefore, MailCount());
        Assert.DoesNotContain(known, recorded[0].Payload, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("anonymous", recorded[1].StreamKey);

        factory.DeliverNotifications();
        Assert.Equal(mailBefore + 1, MailCount());
    }

    private Task<List<Portal.Core.Events.OutboxMessage>> ResetRequestsAsync() =>
        factory.WithServiceAsync<List<Portal.Core.Events.OutboxMessage>, Portal.Core.Data.PortalDbContext>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Set<Portal.Core.Events.OutboxMessage>().Where(m => m.Type == "PasswordResetRequested").OrderBy(m => m.Id)));

    private int MailCount() => Directory.Exists(factory.MailDirectory) ? Directory.GetFiles(factory.MailDirectory, "*.eml").Length : 0;

    [Fact]
    public async Task A_reset_link_works_only_once()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = email });
        var link = factory.LinkInLastEmailTo(email);
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        };
        (await client.SubmitFormAsync(link.PathAndQuery, "form#reset-form", fields)).AssertRedirectTo("/account/reset-password-confirmation");

        fields["Input.Password"] = fields["Input.ConfirmPassword"] = "someone else's password";
        var again = await client.SubmitFormAsync(link.PathAndQuery, "form#reset-form", fields);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var doc = await PortalClient.ParseAsync(again);
        Assert.Contains("This link or code is no longer valid.", doc.Text("#reset-errors"));
        using var fresh = factory.NewClient();
        (await fresh.SignInFormAsync(email, NewPassword)).AssertRedirectTo("/");
    }

    [Fact]
    public async Task A_reset_page_without_a_code_says_the_link_is_not_valid()
    {
        using var client = factory.NewClient();
        var doc = await client.GetDocumentAsync("/account/reset-password");
        Assert.NotNull(doc.QuerySelector("#reset-link-invalid"));
        Assert.Null(doc.QuerySelector("form#reset-form"));
    }

    [Fact]
    public async Task The_reset_form_answers_a_bad_code_the_same_for_known_and_unknown_emails()
    {
        var known = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        async Task<string> TryAsync(string email)
        {
            var response = await client.SubmitFormAsync($"/account/reset-password?code=bm90LWEtdG9rZW4&email={Uri.EscapeDataString(email)}", "form#reset-form", new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = NewPassword,
                ["Input.ConfirmPassword"] = NewPassword,
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await PortalClient.ParseAsync(response)).QuerySelector(".validation-summary-errors")!.TextContent.Trim();
        }

        Assert.Equal(await TryAsync(known), await TryAsync(AccountTestKit.NewEmail()));
    }

    [Fact]
    public async Task The_reset_email_is_written_in_the_customers_language_whatever_page_asked_for_it()
    {
        using var client = factory.NewClient();

        await client.SubmitFormAsync("/account/forgot-password?culture=en", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = "layla@demo.local" });

        var mail = factory.LastEmailTo("layla@demo.local");
        Assert.NotNull(mail);
        Assert.Equal("إعادة تعيين كلمة المرور", mail!.Subject);
        Assert.Contains("dir=\"rtl\"", mail.HtmlBody);
        Assert.Contains("/account/reset-password?", mail.TextBody);
    }
}
