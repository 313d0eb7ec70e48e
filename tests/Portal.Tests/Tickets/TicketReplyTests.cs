using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tickets;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

/// <summary>Replies as the customer sees them: files with a reply, one confirmation, the "new reply" marker, the timeline.</summary>
public class TicketReplyTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    private static readonly TicketActor Omar = new("agent-omar", "Omar", IsAgent: true);

    /// <summary>Sends the reply form as a browser does: multipart, with its token and files (htmx when <paramref name="htmx"/>).</summary>
    private static async Task<HttpResponseMessage> ReplyAsync(PortalClient client, int number, string body, bool htmx,
        params (string Name, byte[] Content, string DeclaredType)[] files)
    {
        var page = await client.GetDocumentAsync($"/tickets/{number}");
        var form = page.QuerySelector<IHtmlFormElement>("form#reply-form") ?? throw new InvalidOperationException("No reply form.");
        Assert.Equal("multipart/form-data", form.GetAttribute("hx-encoding"));
        var content = new MultipartFormDataContent();
        foreach (var hidden in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        content.Add(new StringContent(body), "Reply.Body");
        foreach (var (name, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, "Reply.Files", name);
        }
        var request = new HttpRequestMessage(HttpMethod.Post, htmx ? form.GetAttribute("hx-post") : form.Action) { Content = content };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    private string[] FilesOnDisk() => Directory.Exists(factory.AttachmentsDirectory) ? Directory.GetFiles(factory.AttachmentsDirectory) : [];

    [Fact]
    public async Task A_reply_carries_files_shown_with_that_reply_and_the_first_messages_files_stay_with_it()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var created = await client.NewTicketAsync(TicketTestKit.TicketFields("Broken receipt"), ("receipt.png", TicketTestKit.Png, "image/png"));
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());

        var response = await ReplyAsync(client, number, "Here is the invoice too.", htmx: true, ("invoice.pdf", TicketTestKit.Pdf, "application/pdf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await PortalClient.ParseAsync(response);
        Assert.Equal("Your reply was sent.", fragment.GetElementById("reply-status")!.TextContent);
        var comments = fragment.QuerySelectorAll("#timeline > li[id^='comment-']").ToList();
        Assert.Equal(2, comments.Count);
        Assert.Equal(["receipt.png"], comments[0].QuerySelectorAll("[data-attachments] a").Select(a => a.TextContent));
        Assert.Contains("Here is the invoice too.", comments[1].TextContent);
        var link = comments[1].QuerySelector<IHtmlAnchorElement>("[data-attachments] a")!;
        Assert.Equal("invoice.pdf", link.TextContent);
        var download = await client.Http.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(TicketTestKit.Pdf, await download.Content.ReadAsByteArrayAsync());
        // Both files kept under their final names, none left temporary.
        Assert.DoesNotContain(FilesOnDisk(), f => f.EndsWith(".part"));
    }

    [Theory]
    [InlineData("photo.png", "exe", "Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached.")]
    [InlineData("four", "png", null)]
    public async Task A_reply_with_a_file_refused_on_creation_is_refused_too_and_keeps_nothing(string name, string content, string? message)
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync("Checks on replies");
        var before = FilesOnDisk().Length;
        (string, byte[], string)[] files = name == "four"
            ? Enumerable.Range(1, 4).Select(i => ($"shot{i}.png", TicketTestKit.Png, "image/png")).ToArray()
            : [(name, content == "exe" ? TicketTestKit.Exe : TicketTestKit.Png, "image/png")];

        var response = await ReplyAsync(client, number, "With files", htmx: false, files);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        var error = page.GetElementById("Reply_Files-error")!.TextContent;
        Assert.False(string.IsNullOrWhiteSpace(error));
        if (message is not null) Assert.Equal(message, error);
        Assert.Equal("true", page.GetElementById("Reply_Files")!.GetAttribute("aria-invalid"));
        Assert.Equal(before, FilesOnDisk().Length);
        var comments = await factory.WithServiceAsync<int, PortalDbContext>(db =>
            db.Set<TicketComment>().CountAsync(c => db.Set<Ticket>().Any(t => t.Id == c.TicketId && t.Number == number)));
        Assert.Equal(1, comments);
    }

    [Fact]
    public async Task A_reply_to_a_closed_ticket_leaves_no_file_behind()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync("Closing soon");
        var page = await client.GetDocumentAsync($"/tickets/{number}");
        await client.PostFormAsync($"/tickets/{number}", "#close-form");
        var before = FilesOnDisk().Length;

        // The form from before the close, posted after it.
        var form = page.QuerySelector<IHtmlFormElement>("form#reply-form")!;
        var content = new MultipartFormDataContent();
        foreach (var hidden in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        content.Add(new StringContent("Late"), "Reply.Body");
        var file = new ByteArrayContent(TicketTestKit.Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(file, "Reply.Files", "late.png");
        var response = await client.Http.PostAsync(form.Action, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await PortalClient.ParseAsync(response)).GetElementById("ticket-error"));
        Assert.Equal(before, FilesOnDisk().Length);
    }

    [Fact]
    public async Task The_sweep_removes_files_no_ticket_kept_and_keeps_every_replys_files()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync("Sweep check");
        await ReplyAsync(client, number, "A picture", htmx: false, ("kept.png", TicketTestKit.Png, "image/png"));
        Directory.CreateDirectory(factory.AttachmentsDirectory);
        var orphan = Path.Combine(factory.AttachmentsDirectory, "0123456789abcdef0123456789abcdef");
        var cutShort = Path.Combine(factory.AttachmentsDirectory, "fedcba9876543210fedcba9876543210.part");
        await File.WriteAllBytesAsync(orphan, TicketTestKit.Png);
        await File.WriteAllBytesAsync(cutShort, TicketTestKit.Png[..4]);
        var kept = await factory.WithServiceAsync<List<string>, PortalDbContext>(db => db.Set<TicketAttachment>().Select(a => a.StoredName).ToListAsync());

        // Files younger than an hour may belong to a save under way: the sweep looks from two hours on.
        var removed = await factory.WithServiceAsync<int, TicketService>(t => t.RemoveLeftoverFilesAsync(DateTime.UtcNow.AddHours(2)));

        Assert.True(removed >= 2);
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(cutShort));
        Assert.All(kept, name => Assert.True(File.Exists(Path.Combine(factory.AttachmentsDirectory, name)), name));
        var page = await client.GetDocumentAsync($"/tickets/{number}");
        var link = page.QuerySelectorAll<IHtmlAnchorElement>("[data-attachments] a").Single(a => a.TextContent == "kept.png");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(link.GetAttribute("href"))).StatusCode);
    }

    [Fact]
    public async Task An_unread_support_reply_is_marked_in_the_list_until_the_customer_opens_the_ticket()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync("Marker check");
        var quiet = await client.CreateTicketAsync("No answer yet");
        Assert.Null((await client.GetDocumentAsync("/tickets")).GetElementById($"new-reply-{number}"));

        await factory.WithServiceAsync<TicketResult, TicketService>(t => t.ReplyAsync(Omar, number, "We found your points."));
        await factory.WithServiceAsync<TicketResult, TicketService>(t => t.ReplyAsync(Omar, quiet, "Only agents see this.", isInternal: true));

        var list = await client.GetDocumentAsync("/tickets");
        Assert.Equal("New reply", list.GetElementById($"new-reply-{number}")!.TextContent);
        Assert.Null(list.GetElementById($"new-reply-{quiet}"));
        Assert.NotNull((await client.GetDocumentAsync("/support")).QuerySelector($"#my-ticket-{number} [data-new-reply]"));

        await client.GetDocumentAsync($"/tickets/{number}");

        Assert.Null((await client.GetDocumentAsync("/tickets")).GetElementById($"new-reply-{number}"));
        // The customer's own reply is never news to them.
        await ReplyAsync(client, number, "Thanks!", htmx: true);
        Assert.Null((await client.GetDocumentAsync("/tickets")).GetElementById($"new-reply-{number}"));
    }

    [Fact]
    public async Task The_timeline_is_one_ordered_list_of_messages_and_status_changes_with_times()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync("Timeline check");
        await factory.WithServiceAsync<TicketResult, TicketService>(t => t.ReplyAsync(Omar, number, "Looking into it."));

        var page = await client.GetDocumentAsync($"/tickets/{number}");

        var timeline = page.GetElementById("timeline")!;
        Assert.Equal("OL", timeline.TagName);
        Assert.Equal("Ticket history", timeline.GetAttribute("aria-label"));
        var items = timeline.Children.ToList();
        Assert.All(items, li => Assert.Equal("LI", li.TagName));
        Assert.All(items, li => Assert.NotNull(li.QuerySelector("time[datetime]")));
        var kinds = items.Select(li => li.GetAttribute("data-event") ?? "comment").ToList();
        Assert.Equal("Created", kinds[0]);
        Assert.Equal(2, kinds.Count(k => k == "comment"));
        Assert.Contains("StatusChanged", kinds);
        // The rail is on the start side, so it follows the page's direction.
        Assert.Contains("border-s-2", timeline.ClassName);
    }
}
