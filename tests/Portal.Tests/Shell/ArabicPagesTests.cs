using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Shell;

/// <summary>
/// Every page rendered in Arabic shows no English of its own: a string someone forgot to localize shows
/// up here even when it never went through the localizer.
/// </summary>
public partial class ArabicPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    // Names, emails, codes and the language switch are data or deliberately English, not interface text.
    private static readonly string[] Allowed =
    [
        "English", "Sam Carter", "Omar Agent", "Sara Staff", "Adam Admin", "QR", "CSV",
        "Google Authenticator", "Microsoft Authenticator", "Authenticator",
        // Browser and system names, as the demo's new-device alert shows them: brands are not translated.
        "Chrome", "Android",
    ];

    public static TheoryData<string, string?> Pages => new()
    {
        { "/", null }, { "/account/login", null }, { "/account/register", null }, { "/account/forgot-password", null },
        { "/account/resend-email-confirmation", null }, { "/account/register/check-email", null }, { "/no-such-page", null },
        { "/", "customer@demo.local" }, { "/card", "customer@demo.local" }, { "/security", "customer@demo.local" },
        { "/security/two-factor", "customer@demo.local" }, { "/security/change-password", "customer@demo.local" },
        { "/account", "customer@demo.local" }, { "/account/access-denied", "customer@demo.local" },
        { "/staff/customers", "agent@demo.local" }, { "/staff/customers?q=demo", "agent@demo.local" },
        { "/staff/customers?q=1234567890", "agent@demo.local" }, { "/staff/customers/{number}", "agent@demo.local" },
        { "/staff/rewards", "staff@demo.local" }, { "/staff/rewards/edit", "staff@demo.local" }, { "/staff/rewards/codes?code=zzzzz", "staff@demo.local" },
        { "/staff/integrations", "staff@demo.local" }, { "/staff/customers/{number}/adjust-points", "staff@demo.local" },
        { "/segment", "customer@demo.local" }, { "/analytics", "customer@demo.local" }, { "/staff/segments", "staff@demo.local" },
        { "/referrals", "customer@demo.local" }, { "/special-dates", "customer@demo.local" },
        { "/notifications", "customer@demo.local" }, { "/notifications/inbox", "customer@demo.local" }, { "/notifications/phone", "customer@demo.local" },
        { "/offers", "customer@demo.local" }, { "/staff/faq", "staff@demo.local" }, { "/staff/offers", "staff@demo.local" },
        { "/staff/offers/edit", "staff@demo.local" }, { "/staff/notifications", "staff@demo.local" },
        { "/tickets", "customer@demo.local" }, { "/support/chat", "customer@demo.local" },
        { "/admin/users", "admin@demo.local" }, { "/admin/users?q=demo", "admin@demo.local" }, { "/admin/users/{id}", "admin@demo.local" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_English_interface_text_in_Arabic(string url, string? signedInAs)
    {
        using var client = factory.NewClient();
        if (signedInAs is not null) await client.SignInAsync(signedInAs);
        var customer = await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByEmailAsync("customer@demo.local"));
        url = url.Replace("{number}", customer!.CustomerNumber).Replace("{id}", customer.Id);
        var doc = await client.GetDocumentAsync(url + (url.Contains('?') ? "&" : "?") + "culture=ar");
        Assert.Equal("ar", doc.DocumentElement.GetAttribute("lang"));

        // Left-to-right islands hold data (emails, numbers, keys); the rest is interface.
        foreach (var island in doc.QuerySelectorAll("[dir=ltr], [lang=en], script, style, svg, input[type=hidden]").ToList()) island.Remove();
        var texts = new List<string> { doc.Body!.TextContent, doc.Title ?? "" };
        texts.AddRange(doc.All.SelectMany(e => new[] { e.GetAttribute("aria-label"), e.GetAttribute("title"), e.GetAttribute("placeholder") })
            .Where(t => !string.IsNullOrWhiteSpace(t))!);
        var text = string.Join(" | ", texts);
        foreach (var allowed in Allowed) text = text.Replace(allowed, "");
        text = Email().Replace(text, "");

        var english = LatinWord().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.True(english.Count == 0, $"{url}: English words in the Arabic page: {string.Join(", ", english)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_inline_style_the_content_security_policy_would_refuse(string url, string? signedInAs)
    {
        using var client = factory.NewClient();
        if (signedInAs is not null) await client.SignInAsync(signedInAs);
        var customer = await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByEmailAsync("customer@demo.local"));
        url = url.Replace("{number}", customer!.CustomerNumber).Replace("{id}", customer.Id);
        var doc = await client.GetDocumentAsync(url);
        // style-src 'self' refuses style attributes and <style> blocks in the page (the browser reports each one).
        var inline = doc.QuerySelectorAll("body [style], body style").Select(e => e.OuterHtml[..Math.Min(120, e.OuterHtml.Length)]).ToList();
        Assert.True(inline.Count == 0, $"{url}: {string.Join(" | ", inline)}");
    }

    [Fact]
    public async Task Arabic_is_sent_as_text_not_as_character_references_while_markup_stays_encoded()
    {
        using var client = factory.NewClient();
        var html = await client.Http.GetStringAsync("/account/login?culture=ar");
        Assert.Contains("تسجيل الدخول", html);
        Assert.DoesNotContain("&#x62A;", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"\S+@\S+")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")]
    private static partial Regex LatinWord();
}
