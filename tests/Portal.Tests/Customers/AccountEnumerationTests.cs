using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Customers;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

/// <summary>Nothing the sign-up and sign-in pages or the API answer tells whether an email has an account.</summary>
public class AccountEnumerationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Registration_answers_the_same_for_a_new_and_an_existing_email()
    {
        var existing = await factory.CreateCustomerAsync();
        var fresh = AccountTestKit.NewEmail();
        var before = await factory.CountUsersAsync();
        using var first = factory.NewClient();
        using var second = factory.NewClient();

        var forExisting = await first.RegisterAsync(AccountTestKit.RegisterFields(existing, "another long passphrase"));
        var forFresh = await second.RegisterAsync(AccountTestKit.RegisterFields(fresh));

        Assert.Equal(HttpStatusCode.Redirect, forExisting.StatusCode);
        Assert.Equal(forFresh.StatusCode, forExisting.StatusCode);
        Assert.Equal(forFresh.Headers.Location, forExisting.Headers.Location);
        Assert.Equal(
            forFresh.Headers.TryGetValues("Set-Cookie", out var a) ? a.Count(c => c.StartsWith(".Portal.Auth", StringComparison.Ordinal)) : 0,
            forExisting.Headers.TryGetValues("Set-Cookie", out var b) ? b.Count(c => c.StartsWith(".Portal.Auth", StringComparison.Ordinal)) : 0);
        var pageForExisting = await first.GetDocumentAsync(forExisting.Headers.Location!.OriginalString);
        var pageForFresh = await second.GetDocumentAsync(forFresh.Headers.Location!.OriginalString);
        Assert.Equal(pageForFresh.Text("main h1"), pageForExisting.Text("main h1"));
        Assert.Equal("Check your email", pageForFresh.Text("main h1"));
        Assert.Equal(before + 1, await factory.CountUsersAsync());

        // The owner hears about it instead, and the password typed there changed nothing.
        factory.DeliverNotifications();
        var warning = Directory.GetFiles(factory.MailDirectory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
            .SingleOrDefault(m => m.To.Mailboxes.Any(a => a.Address == existing) && m.Subject == "Someone tried to register with your email");
        Assert.NotNull(warning);
        Assert.Contains("/account/forgot-password", warning.TextBody);
        using var owner = factory.NewClient();
        (await owner.SignInFormAsync(existing, AccountTestKit.Password)).AssertRedirectTo("/");
        using var stranger = factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await stranger.SignInFormAsync(existing, "another long passphrase")).StatusCode);
    }

    [Fact]
    public async Task A_new_account_from_the_form_signs_in_with_its_password_and_gets_a_confirmation_email()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();

        (await client.RegisterAsync(AccountTestKit.RegisterFields(email))).AssertRedirectTo("/account/register/check-email");

        Assert.Equal("/account/confirm-email", factory.LinkInLastEmailTo(email).AbsolutePath);
        (await client.SignInFormAsync(email, AccountTestKit.Password)).AssertRedirectTo("/");
        Assert.NotNull((await client.GetDocumentAsync("/")).QuerySelector("#customer-id"));
    }

    [Fact]
    public async Task Sign_in_hashes_a_password_once_for_unknown_and_known_emails_alike()
    {
        var hashes = new CountingHasher();
        await using var counted = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Replace(ServiceDescriptor.Scoped<IPasswordHasher<PortalUser>>(sp => hashes.Wrapping(ActivatorUtilities.CreateInstance<PasswordHasher<PortalUser>>(sp))))));
        var known = await factory.CreateCustomerAsync();
        var unknown = AccountTestKit.NewEmail();
        using var page = new PortalClient(counted.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        using var api = counted.CreateClient(new() { BaseAddress = new Uri("https://localhost") });

        foreach (var email in new[] { known, unknown })
        {
            var before = hashes.Verified;
            Assert.Equal(HttpStatusCode.OK, (await page.SignInFormAsync(email, "not the password")).StatusCode);
            Assert.Equal(1, hashes.Verified - before);

            before = hashes.Verified;
            await (await api.LoginAsync(email, "not the password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
            Assert.Equal(1, hashes.Verified - before);
        }
    }

    [Fact]
    public async Task A_locked_account_is_called_locked_only_after_the_right_password_on_the_page()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        for (var i = 0; i < 5; i++) await client.SignInFormAsync(email, "wrong password " + i);

        var wrong = await PortalClient.ParseAsync(await client.SignInFormAsync(email, "wrong password again"));
        Assert.Equal("The email or password is not correct.", wrong.Text("#login-errors"));
        var right = await PortalClient.ParseAsync(await client.SignInFormAsync(email, AccountTestKit.Password));
        Assert.Contains("This account is locked", right.Text("#login-errors"));
    }

    private sealed class CountingHasher
    {
        private int _verified;
        public int Verified => Volatile.Read(ref _verified);

        public IPasswordHasher<PortalUser> Wrapping(IPasswordHasher<PortalUser> inner) => new Hasher(this, inner);

        private sealed class Hasher(CountingHasher counter, IPasswordHasher<PortalUser> inner) : IPasswordHasher<PortalUser>
        {
            public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
            {
                Interlocked.Increment(ref counter._verified);
                return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }
}
