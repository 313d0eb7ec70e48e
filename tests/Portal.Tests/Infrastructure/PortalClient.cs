using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Portal.Tests.Infrastructure;

/// <summary>Reads pages as documents and submits their forms the way a browser would (antiforgery included).</summary>
public sealed class PortalClient(HttpClient http) : IDisposable
{
    public const string DemoPassword = "Demo!2345";

    public HttpClient Http { get; } = http;

    public async Task<IDocument> GetDocumentAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return await ParseAsync(response);
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(r => r.Content(html).Address(response.RequestMessage!.RequestUri!));
    }

    /// <summary>
    /// Loads <paramref name="pageUrl"/>, fills the form matched by <paramref name="formSelector"/> with
    /// <paramref name="fields"/> (keeping its hidden inputs, antiforgery token among them) and submits it.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string pageUrl, string formSelector, IDictionary<string, string> fields, string? submitter = null)
    {
        var page = await GetDocumentAsync(pageUrl);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        return await SubmitAsync(form, fields, submitter);
    }

    public async Task<HttpResponseMessage> SubmitAsync(IHtmlFormElement form, IDictionary<string, string> fields, string? submitter = null)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
            if (!fields.ContainsKey(input.Name!)) values.Add(new(input.Name!, input.Value));
        values.AddRange(fields);
        if (submitter is not null && form.QuerySelector<IHtmlButtonElement>(submitter) is { Name: { Length: > 0 } name } button)
            values.Add(new(name, button.Value));
        var action = form.Action is { Length: > 0 } a ? a : form.BaseUri;
        if (submitter is not null && form.QuerySelector<IHtmlButtonElement>(submitter)?.GetAttribute("formaction") is { Length: > 0 } fa)
            action = new Uri(new Uri(form.BaseUri), fa).ToString();
        return await Http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>Signs in through the real sign-in form.</summary>
    public async Task SignInAsync(string email, string password = DemoPassword)
    {
        var response = await SubmitFormAsync("/account/login", "form#login-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
    }

    public void Dispose() => Http.Dispose();
}
