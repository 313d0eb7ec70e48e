using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

/// <summary>Files with an agent's reply and with a visitor's reply through the mailed link, checked as a customer's are.</summary>
public class ReplyFilesTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    /// <summary>Posts the page's reply form as a browser does: multipart, with its token, fields and files.</summary>
    private static async Task<IDocument> ReplyAsync(PortalClient client, string pageUrl, string formSelector, Dictionary<string, string> fields,
        string? language = null, params (string Name, byte[] Content, string DeclaredType)[] files)
    {
        var page = await client.GetDocumentAsync(pageUrl);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No {formSelector} on {pageUrl}.");
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        Assert.Equal("multipart/form-data", form.GetAttribute("hx-encoding"));
        Assert.NotNull(page.QuerySelector("input[type=file][name='Reply.Files'][data-picker]"));
        var content = new MultipartFormDataContent();
        // A checkbox's hidden "false" gives way to the field when it is ticked.
        foreach (var hidden in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name) && !fields.ContainsKey(i.Name!)))
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        foreach (var (name, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, "Reply.Files", name);
        }
        var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = content };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.Http.SendAsync(request);
        // Sent: post-redirect-get, the page then says so.
        if (response.StatusCode == HttpStatusCode.Redirect) response = await client.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalClient.ParseAsync(response);
    }

    private static IElement LastComment(IDocument page) => page.QuerySelectorAll("#timeline > li[id^='comment-']").Last();

    [Fact]
    public async Task An_agents_reply_carries_files_to_the_customer_and_an_internal_notes_files_stay_with_agents()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync("Receipt for the refund");
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        var url = $"/agent/tickets/{number}";

        var replied = await ReplyAsync(agent, url, "form#agent-reply-form", new() { ["Reply.Body"] = "Here is your refund receipt." },
            files: ("refund.pdf", TicketTestKit.Pdf, "application/pdf"));
        Assert.Equal("Reply sent.", replied.Text("#status-message"));
        var noted = await ReplyAsync(agent, url, "form#agent-reply-form", new() { ["Reply.Body"] = "Till photo, for us only.", ["Reply.Internal"] = "true" },
            files: ("till.png", TicketTestKit.Png, "image/png"));
        var note = LastComment(noted);
        Assert.Equal("true", note.GetAttribute("data-internal"));
        var noteFile = note.QuerySelector<IHtmlAnchorElement>("[data-attachments] a")!;
        Assert.Equal("till.png", noteFile.TextContent);
        var noteFileId = Regex.Match(noteFile.GetAttribute("href")!, @"id=(\d+)").Groups[1].Value;

        var seen = await customer.GetDocumentAsync($"/tickets/{number}");
        var links = seen.QuerySelectorAll<IHtmlAnchorElement>("[data-attachments] a").ToList();
        Assert.Equal(["refund.pdf"], links.Select(a => a.TextContent));
        Assert.Contains("Here is your refund receipt.", LastComment(seen).TextContent);
        var download = await customer.Http.GetAsync(links[0].GetAttribute("href"));
        Assert.Equal(TicketTestKit.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync($"/tickets/{number}?handler=attachment&id={noteFileId}")).StatusCode);
    }

    [Fact]
    public async Task An_agents_reply_with_a_program_is_refused_with_the_reason_and_sends_nothing()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync("Wrong file");
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);

        var page = await ReplyAsync(agent, $"/agent/tickets/{number}", "form#agent-reply-form", new() { ["Reply.Body"] = "See attached." },
            files: ("setup.png", TicketTestKit.Exe, "image/png"));

        Assert.Equal("Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached.", page.Text("#Reply_Files-error"));
        Assert.Equal("true", page.GetElementById("Reply_Files")!.GetAttribute("aria-invalid"));
        Assert.Single(page.QuerySelectorAll("#timeline > li[id^='comment-']"));
    }

    [Fact]
    public async Task A_visitor_answers_with_a_file_through_the_mailed_link_and_is_told_in_their_language_when_a_file_is_refused()
    {
        var email = $"visitor-{Guid.NewGuid():N}@example.com";
        using (var sender = factory.NewClient(followRedirects: true))
        {
            await sender.SubmitFormAsync("/support/contact", "form#contact-form", new Dictionary<string, string>
            {
                ["Input.Name"] = "Mona Visitor", ["Input.Email"] = email, ["Input.Subject"] = "Broken mug",
                ["Input.Message"] = "The mug arrived broken.", ["Input.Website"] = "",
            });
        }
        var link = factory.LinkInLastEmailTo(email).PathAndQuery;
        using var visitor = factory.NewClient(followRedirects: true);

        var refused = await ReplyAsync(visitor, link, "form#reply-form", new() { ["Reply.Body"] = "A photo." }, "ar",
            ("mug.png", TicketTestKit.Exe, "image/png"));
        Assert.Equal("يمكن إرفاق الصور (PNG وJPEG وGIF وWebP) وملفات PDF فقط.", refused.Text("#Reply_Files-error"));

        var sent = await ReplyAsync(visitor, link, "form#reply-form", new() { ["Reply.Body"] = "Here is a photo of the mug." },
            files: ("mug.png", TicketTestKit.Png, "image/png"));
        Assert.Equal("Your reply was sent.", sent.Text("#status-message"));
        var reply = LastComment(sent);
        Assert.Contains("Here is a photo of the mug.", reply.TextContent);
        var file = reply.QuerySelector<IHtmlAnchorElement>("[data-attachments] a")!;
        Assert.Equal("mug.png", file.TextContent);
        Assert.Equal(TicketTestKit.Png, await (await visitor.Http.GetAsync(file.GetAttribute("href"))).Content.ReadAsByteArrayAsync());
    }
}
