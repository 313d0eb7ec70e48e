using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tickets;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

/// <summary>The app with attachments in the test's own folder and the contact form's limit out of the way.</summary>
public class TicketsPortalFactory : PortalFactory
{
    public string AttachmentsDirectory => Path.Combine(DataDirectory, "attachments");
    protected virtual int ContactPermits => 10_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tickets:AttachmentsDirectory", AttachmentsDirectory);
        builder.UseSetting("RateLimits:ContactPermitsPer10Minutes", ContactPermits.ToString());
    }
}

/// <summary>Shared steps for the ticket tests: customers of their own, forms with files, the API.</summary>
public static class TicketTestKit
{
    public const string Agent = "agent@demo.local";
    public const string Admin = "admin@demo.local";

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1];
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    public static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];

    /// <summary>A fresh customer, signed in on a new client.</summary>
    public static async Task<(PortalClient Client, string Email)> SignedInCustomerAsync(this PortalFactory factory)
    {
        var email = await factory.CreateCustomerAsync(PortalClient.DemoPassword);
        var client = factory.NewClient();
        await client.SignInAsync(email);
        return (client, email);
    }

    public static async Task<PortalClient> SignedInAsync(this PortalFactory factory, string email)
    {
        var client = factory.NewClient();
        await client.SignInAsync(email);
        return client;
    }

    public static Dictionary<string, string> TicketFields(string subject = "Points missing", string description = "My points from Friday are missing.") => new()
    {
        ["Input.Subject"] = subject,
        ["Input.Category"] = nameof(TicketCategory.Loyalty),
        ["Input.Priority"] = nameof(TicketPriority.Normal),
        ["Input.Description"] = description,
    };

    /// <summary>Submits the new-ticket form as a browser would: multipart, with its antiforgery token and files.</summary>
    public static async Task<HttpResponseMessage> NewTicketAsync(this PortalClient client, Dictionary<string, string>? fields = null,
        params (string Name, byte[] Content, string DeclaredType)[] files)
    {
        var page = await client.GetDocumentAsync("/tickets/new");
        var form = page.QuerySelector<IHtmlFormElement>("form#new-ticket-form") ?? throw new InvalidOperationException("No new-ticket form.");
        var content = new MultipartFormDataContent();
        foreach (var hidden in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        foreach (var (name, value) in fields ?? TicketFields()) content.Add(new StringContent(value), name);
        foreach (var (name, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, "Input.Files", name);
        }
        return await client.Http.PostAsync("/tickets/new", content);
    }

    /// <summary>Creates a ticket through the form and returns its number (from the redirect).</summary>
    public static async Task<int> CreateTicketAsync(this PortalClient client, string subject = "Points missing")
    {
        var response = await client.NewTicketAsync(TicketFields(subject));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    public static Task<HttpResponseMessage> PostHtmxFormAsync(this PortalClient client, string pageUrl, string formSelector, IDictionary<string, string> fields) =>
        client.SubmitHtmxAsync(pageUrl, formSelector, fields);

    /// <summary>Submits a form the way htmx does (HX-Request, to its hx-post URL).</summary>
    public static async Task<HttpResponseMessage> SubmitHtmxAsync(this PortalClient client, string pageUrl, string formSelector, IDictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(pageUrl);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var values = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name) && !fields.ContainsKey(i.Name!))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).Concat(fields).ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("hx-post")) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostFormAsync(this PortalClient client, string pageUrl, string formSelector, IDictionary<string, string>? fields = null) =>
        client.SubmitFormAsync(pageUrl, formSelector, fields ?? new Dictionary<string, string>());

    public static async Task<Ticket> StoredTicketAsync(this PortalFactory factory, int number) =>
        await factory.WithServiceAsync<Ticket, PortalDbContext>(db => db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Number == number));

    public static Task<int> CountTicketsAsync(this PortalFactory factory) =>
        factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<Ticket>().CountAsync());

    public static async Task<string> TokenAsync(this HttpClient api, string email) =>
        (await api.TokensAsync(email)).GetProperty("accessToken").GetString()!;

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient api, HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return api.SendAsync(request);
    }

    public static string Html(this IDocument doc) => doc.DocumentElement.OuterHtml;

    public static async Task<string> BodyAsync(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static JsonElement Ticket(this JsonElement list, int number) =>
        list.EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == number);

    public static void AssertStatus(this IDocument doc, TicketStatus status) =>
        Assert.Equal(status.ToString(), doc.QuerySelector("#ticket-status [data-status]")?.GetAttribute("data-status"));
}
