using AngleSharp.Dom;
using System.Net;
using AngleSharp.Html.Dom;
using Portal.Core.Tickets;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

public class CustomerTicketTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    [Fact]
    public async Task A_customer_opens_a_ticket_with_a_picture_and_a_pdf_and_finds_it_in_their_list()
    {
        var (client, _) = await factory.SignedInCustomerAsync();

        var response = await client.NewTicketAsync(TicketTestKit.TicketFields("Receipt not accepted"),
            ("receipt.png", TicketTestKit.Png, "image/png"), ("invoice.pdf", TicketTestKit.Pdf, "application/pdf"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var url = response.Headers.Location!.OriginalString;
        var page = await client.GetDocumentAsync(url);
        Assert.Contains("Receipt not accepted", page.Text("#ticket-subject"));
        Assert.StartsWith("#", page.Text("#ticket-number"));
        page.AssertStatus(TicketStatus.New);
        Assert.Contains("is open", page.Text("#status-message"));
        Assert.Contains("My points from Friday are missing.", page.Text("#timeline"));
        var links = page.QuerySelectorAll<IHtmlAnchorElement>("[data-attachments] a").ToList();
        Assert.Equal(["receipt.png", "invoice.pdf"], links.Select(a => a.TextContent));

        var image = await client.Http.GetAsync(links[0].GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(TicketTestKit.Png, await image.Content.ReadAsByteArrayAsync());
        var pdf = await client.Http.GetAsync(links[1].GetAttribute("href"));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition?.DispositionType);

        // Stored outside the web root under names that are not the originals.
        var stored = Directory.GetFiles(factory.AttachmentsDirectory);
        Assert.Equal(2, stored.Length);
        Assert.DoesNotContain(stored, f => f.EndsWith(".png") || f.EndsWith(".pdf"));

        var list = await client.GetDocumentAsync("/tickets");
        var number = url.Split('/').Last();
        Assert.Contains("Receipt not accepted", list.Text($"#ticket-{number}"));
    }

    [Theory]
    [InlineData("scan.pdf", "png")]
    [InlineData("photo.png", "exe")]
    public async Task A_file_whose_content_is_not_what_its_name_says_is_refused(string name, string content)
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var before = await factory.CountTicketsAsync();

        var response = await client.NewTicketAsync(null, (name, content == "png" ? TicketTestKit.Png : TicketTestKit.Exe, "application/pdf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached.", page.Text("#Input_Files-error"));
        Assert.Equal(before, await factory.CountTicketsAsync());
    }

    [Fact]
    public async Task A_six_megabyte_file_is_refused_in_Arabic_too()
    {
        var email = await factory.CreateCustomerAsync(PortalClient.DemoPassword, Portal.Core.Customers.Languages.Arabic);
        using var client = await factory.SignedInAsync(email);
        var big = new byte[6 * 1024 * 1024];
        TicketTestKit.Png.CopyTo(big, 0);
        var before = await factory.CountTicketsAsync();

        var response = await client.NewTicketAsync(null, ("big.png", big, "image/png"));

        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("لا يمكن أن يتجاوز حجم الملف الواحد 5 ميغابايت.", page.Text("#Input_Files-error"));
        Assert.Equal(before, await factory.CountTicketsAsync());
    }

    [Fact]
    public async Task Four_files_are_too_many()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var files = Enumerable.Range(1, 4).Select(i => ($"{i}.png", TicketTestKit.Png, "image/png")).ToArray();

        var page = await PortalClient.ParseAsync(await client.NewTicketAsync(null, files));

        Assert.Equal("You can attach at most 3 files.", page.Text("#Input_Files-error"));
    }

    [Fact]
    public async Task Another_customer_gets_not_found_for_the_ticket_and_its_attachment()
    {
        var (owner, _) = await factory.SignedInCustomerAsync();
        var response = await owner.NewTicketAsync(null, ("receipt.png", TicketTestKit.Png, "image/png"));
        var url = response.Headers.Location!.OriginalString;
        var attachment = (await owner.GetDocumentAsync(url)).QuerySelector("[data-attachments] a")!.GetAttribute("href")!;
        var (stranger, _) = await factory.SignedInCustomerAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(attachment)).StatusCode);
        // A real form of the stranger's own (valid antiforgery token), pointed at the other ticket.
        var own = await stranger.CreateTicketAsync();
        var form = (await stranger.GetDocumentAsync($"/tickets/{own}")).QuerySelector<IHtmlFormElement>("#reply-form")!;
        form.Action = url + "?handler=Reply";
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SubmitAsync(form, new Dictionary<string, string> { ["Reply.Body"] = "mine now" })).StatusCode);
        form.Action = url + "?handler=Close";
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SubmitAsync(form, new Dictionary<string, string>())).StatusCode);
        Assert.DoesNotContain("mine now", (await owner.GetDocumentAsync(url)).Html());
    }

    [Fact]
    public async Task A_customer_reply_through_htmx_appears_in_place()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync();

        var response = await client.SubmitHtmxAsync($"/tickets/{number}", "form#reply-form", new Dictionary<string, string> { ["Reply.Body"] = "Here is the receipt number: 4471." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await PortalClient.ParseAsync(response);
        Assert.Null(fragment.QuerySelector("header nav"));
        Assert.Contains("Here is the receipt number: 4471.", fragment.Text("#timeline"));
        Assert.Equal("Your reply was sent.", fragment.Text("#reply-status"));
    }

    [Fact]
    public async Task An_empty_reply_shows_a_message_and_adds_nothing()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync();

        var page = await PortalClient.ParseAsync(await client.PostFormAsync($"/tickets/{number}", "form#reply-form", new Dictionary<string, string> { ["Reply.Body"] = " " }));

        Assert.Equal("Write a message.", page.Text("#Reply_Body-error"));
        Assert.Single(page.QuerySelectorAll("#timeline [id^=comment-]"));
    }

    [Fact]
    public async Task A_customer_can_close_their_ticket_and_then_cannot_reply()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        var number = await client.CreateTicketAsync();

        var replyForm = (await client.GetDocumentAsync($"/tickets/{number}")).QuerySelector<IHtmlFormElement>("#reply-form")!;
        (await client.PostFormAsync($"/tickets/{number}", "form#close-form")).AssertRedirectTo($"/tickets/{number}");

        var page = await client.GetDocumentAsync($"/tickets/{number}");
        page.AssertStatus(TicketStatus.Closed);
        Assert.Null(page.QuerySelector("#reply-form"));
        Assert.Contains("Please open a new ticket.", page.Text("#ticket-closed"));
        var late = await PortalClient.ParseAsync(await client.SubmitAsync(replyForm, new Dictionary<string, string> { ["Reply.Body"] = "too late" }));
        Assert.Equal("This ticket is closed. Please open a new ticket.", late.Text("#ticket-error"));
        Assert.DoesNotContain("too late", (await client.GetDocumentAsync($"/tickets/{number}")).Text("#timeline"));
    }

    [Fact]
    public async Task The_tickets_pages_need_a_signed_in_customer()
    {
        using var anonymous = factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Http.GetAsync("/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Http.GetAsync("/tickets/new")).StatusCode);
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        // Agents are customers too (every account has a Customer ID): their own list, not everyone's.
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/tickets")).StatusCode);
    }
}
