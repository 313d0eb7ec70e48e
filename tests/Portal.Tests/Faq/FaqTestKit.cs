using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Faq;

/// <summary>Writing and reading FAQ articles through the real pages.</summary>
public static class FaqTestKit
{
    public const string Staff = "staff@demo.local";
    public const string Customer = "customer@demo.local";

    public static string Text(this IDocument doc, string selector) =>
        doc.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"No '{selector}' on the page.");

    /// <summary>The first category on /staff/faq.</summary>
    public static async Task<int> FirstCategoryAsync(this PortalClient staff)
    {
        var doc = await staff.GetDocumentAsync("/staff/faq");
        var id = doc.QuerySelector("#faq-categories > li")?.Id ?? throw new InvalidOperationException("No category.");
        return int.Parse(id["category-".Length..]);
    }

    /// <summary>Fills the editor and presses <paramref name="button"/> (#faq-publish, #faq-save-draft, …); returns the article id.</summary>
    public static async Task<int> SaveArticleAsync(this PortalClient staff, string editorUrl, int categoryId,
        string? titleEn, string? bodyEn, string? titleAr, string? bodyAr, string button)
    {
        var response = await staff.SubmitFormAsync(editorUrl, "#faq-edit-form", Fields(categoryId, titleEn, bodyEn, titleAr, bodyAr), button);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"{button} on {editorUrl}: {(int)response.StatusCode} {(await PortalClient.ParseAsync(response)).QuerySelector("main")?.InnerHtml}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/staff/faq/edit/", location);
        return int.Parse(location["/staff/faq/edit/".Length..].Split('?')[0]);
    }

    public static Dictionary<string, string> Fields(int categoryId, string? titleEn, string? bodyEn, string? titleAr, string? bodyAr) => new()
    {
        ["Input.CategoryId"] = categoryId.ToString(),
        ["Input.TitleEn"] = titleEn ?? "",
        ["Input.BodyEn"] = bodyEn ?? "",
        ["Input.TitleAr"] = titleAr ?? "",
        ["Input.BodyAr"] = bodyAr ?? "",
    };

    public static string Token(this IDocument doc) =>
        doc.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
        ?? throw new InvalidOperationException("No antiforgery token on the page.");

    /// <summary>An htmx request: the headers htmx sends, the antiforgery token in the header as the layout configures it.</summary>
    public static HttpRequestMessage Htmx(HttpMethod method, string url, string? token, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("HX-Request", "true");
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    public static async Task<IReadOnlyList<string>> SearchTitlesAsync(this PortalClient client, string query, string culture)
    {
        var doc = await client.GetDocumentAsync($"/support?q={Uri.EscapeDataString(query)}&culture={culture}");
        return doc.QuerySelectorAll("#faq-result-list a span[lang]").Select(e => e.TextContent.Trim()).ToList();
    }
}
