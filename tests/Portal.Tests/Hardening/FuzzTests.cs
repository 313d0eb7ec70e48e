using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Hardening;

/// <summary>
/// Every page the app maps, as each kind of person, with odd values in its query and in every field of every form
/// it shows: nothing answers 5xx. Pages come from the app's own endpoint data, so a new page is fuzzed without
/// being listed here.
/// </summary>
public class FuzzTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] OddValues =
    [
        "",
        new string('x', 5000),
        "مرحبا \u202Egnp.exe\u2066 \uFEFF\u200B 😀",
        "-1",
        "-99999999999999999999",
        "\u0000\u0001\u001F\u007F\u0085 \u2028",
        "//evil.example",
        "\\\\evil.example",
        "NaN",
        "2026-13-45T99:99",
    ];

    private static readonly string[] QueryNames =
    [
        "ReturnUrl", "returnUrl", "code", "userId", "email", "page", "before", "take", "q", "culture", "id", "number",
        "status", "category", "topic", "from", "to", "date", "token", "tab", "filter", "sort", "year", "month",
    ];

    public static TheoryData<string?> People => new() { null, "customer@demo.local", "agent@demo.local", "admin@demo.local" };

    [Theory]
    [MemberData(nameof(People))]
    public async Task No_page_answers_5xx_to_odd_query_values(string? person)
    {
        using var client = await ClientAsync(person);
        var failures = new List<string>();
        foreach (var path in await PagePathsAsync())
        {
            // A page this person cannot open answers every query with the same redirect or 403: asking once is enough.
            var plain = await client.Http.GetAsync(path);
            if ((int)plain.StatusCode >= 500) failures.Add($"GET {path}: {(int)plain.StatusCode}");
            if (plain.StatusCode != HttpStatusCode.OK) continue;
            foreach (var value in OddValues)
            {
                var escaped = Uri.EscapeDataString(value);
                var url = path + "?" + string.Join("&", QueryNames.Select(n => n + "=" + escaped));
                var response = await client.Http.GetAsync(url);
                if ((int)response.StatusCode >= 500) failures.Add($"GET {path} ({Describe(value)}): {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(People))]
    public async Task No_form_answers_5xx_to_odd_field_values(string? person)
    {
        var client = await ClientAsync(person);
        var failures = new List<string>();
        // The header's language and theme forms are on every page: each form (action and fields) is fuzzed once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var path in await PagePathsAsync())
            {
                var page = await client.Http.GetAsync(path);
                if (page.StatusCode != HttpStatusCode.OK) continue;
                var doc = await PortalClient.ParseAsync(page);
                var forms = doc.QuerySelectorAll<IHtmlFormElement>("form").Where(IsPost).ToList();
                foreach (var form in forms)
                {
                    var action = Action(form);
                    if (action is null || action.Contains("logout", StringComparison.OrdinalIgnoreCase)) continue;
                    var shape = action + "|" + string.Join(",", form.Elements.Select(e => e.GetAttribute("name")).Where(n => !string.IsNullOrEmpty(n)).Order(StringComparer.Ordinal));
                    if (!seen.Add(shape)) continue;
                    // The page's antiforgery token serves every submission of this session.
                    foreach (var value in OddValues)
                    {
                        var response = await client.Http.PostAsync(action, new FormUrlEncodedContent(Fill(form, value)));
                        if ((int)response.StatusCode >= 500) failures.Add($"POST {action} from {path} ({Describe(value)}): {(int)response.StatusCode}");
                        // A form that signed this person out ("sign out everywhere", a deleted account): sign in again.
                        if (person is not null && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true)
                        {
                            client.Dispose();
                            client = await ClientAsync(person);
                        }
                    }
                }
            }
        }
        finally
        {
            client.Dispose();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task<PortalClient> ClientAsync(string? person)
    {
        var client = factory.NewClient();
        // A customer of its own each time: staff fuzzing may lock or change the demo customer, as it is meant to be able to.
        if (person == "customer@demo.local") await client.SignInAsync(await factory.CreateCustomerAsync(PortalClient.DemoPassword));
        else if (person is not null) await client.SignInAsync(person);
        return client;
    }

    /// <summary>Every Razor page route, with a real customer's number and id in place of route values.</summary>
    private async Task<List<string>> PagePathsAsync()
    {
        var customer = await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByEmailAsync("customer@demo.local"));
        var sources = factory.Services.GetServices<EndpointDataSource>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null || e.Metadata.Any(m => m.GetType().Name == "PageRouteMetadata"))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p, @"\{(?<name>[^}:?]+)[^}]*\}", m => m.Groups["name"].Value.ToLowerInvariant() switch
            {
                "number" => customer!.CustomerNumber,
                "id" or "userid" => customer!.Id,
                _ => "1",
            }))
            .Where(p => !p.Contains("logout", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("/error", StringComparison.OrdinalIgnoreCase))
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsPost(IHtmlFormElement form) =>
        string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase) || form.HasAttribute("hx-post");

    private static string? Action(IHtmlFormElement form)
    {
        var raw = form.GetAttribute("hx-post") is { Length: > 0 } hx ? hx : form.GetAttribute("action") is { Length: > 0 } a ? a : form.BaseUri;
        if (raw is null) return null;
        var uri = new Uri(new Uri(form.BaseUri), raw);
        return uri.PathAndQuery;
    }

    private static List<KeyValuePair<string, string>> Fill(IHtmlFormElement form, string value)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name)) continue;
            if (name == "__RequestVerificationToken") fields.Add(new(name, element.GetAttribute("value") ?? ""));
            else if (!fields.Any(f => f.Key == name)) fields.Add(new(name, value));
        }
        if (form.GetAttribute("hx-vals") is { Length: > 0 })
            fields.Add(new("handler", value));
        return fields;
    }

    private static string Describe(string value) =>
        value.Length > 40 ? $"{value.Length} chars" : string.Concat(value.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
