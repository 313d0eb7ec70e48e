using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

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

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), what an authenticator app computes.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    /// <summary>A six-digit code that is certainly not accepted now (not the code of any nearby time step).</summary>
    public static string WrongCode(string base32Key)
    {
        var near = Enumerable.Range(-3, 7).Select(i => Code(base32Key, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 20).Select(i => i.ToString("D6")).First(c => !near.Contains(c));
    }

    private static byte[] Base32(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = input.Replace(" ", "").TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
