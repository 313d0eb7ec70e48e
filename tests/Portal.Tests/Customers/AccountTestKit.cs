using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

/// <summary>Shared steps for the account and security tests: fresh users, the register form, mail links, TOTP codes.</summary>
public static partial class AccountTestKit
{
    public const string Password = "correct horse battery";

    public static string NewEmail() => $"u{Guid.NewGuid():N}@test.local";

    /// <summary>A fresh customer straight through the registration service (for tests about something else).</summary>
    public static async Task<string> CreateCustomerAsync(this PortalFactory factory, string password = Password, string language = Languages.English)
    {
        var email = NewEmail();
        var (result, _) = await factory.WithServiceAsync<(IdentityResult, PortalUser?), CustomerRegistration>(r =>
            r.RegisterAsync(new NewCustomer("Test Customer", email, password, null, null, language)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return email;
    }

    public static Task<PortalUser?> FindUserAsync(this PortalFactory factory, string email) =>
        factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByEmailAsync(email));

    public static Task<int> CountUsersAsync(this PortalFactory factory) =>
        factory.WithServiceAsync<int, UserManager<PortalUser>>(u => Task.FromResult(u.Users.Count()));

    public static Dictionary<string, string> RegisterFields(string email, string password = Password, string? confirm = null) => new()
    {
        ["Input.DisplayName"] = "Nour Test",
        ["Input.Email"] = email,
        ["Input.PhoneNumber"] = "",
        ["Input.BirthDate"] = "",
        ["Input.PreferredLanguage"] = Languages.English,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    public static Task<HttpResponseMessage> RegisterAsync(this PortalClient client, Dictionary<string, string> fields, string url = "/account/register") =>
        client.SubmitFormAsync(url, "form#register-form", fields);

    public static Task<HttpResponseMessage> SignInFormAsync(this PortalClient client, string email, string password) =>
        client.SubmitFormAsync("/account/login", "form#login-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public static string Text(this IDocument doc, string selector) =>
        doc.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"No '{selector}' in {doc.Url}");

    /// <summary>The one link in the plain-text body of the newest email to <paramref name="email"/>.</summary>
    public static Uri LinkInLastEmailTo(this PortalFactory factory, string email)
    {
        var message = factory.LastEmailTo(email) ?? throw new InvalidOperationException($"No email to {email}.");
        var match = Link().Match(message.TextBody ?? "");
        Assert.True(match.Success, "no link in the email");
        return new Uri(match.Value);
    }

    public static void AssertRedirectTo(this HttpResponseMessage response, string path)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(path, location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
