using System.Net;
using AngleSharp.Dom;
using System.Text.RegularExpressions;
using Portal.Core.Tickets;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

/// <summary>
/// A visitor's contact-form ticket reaches them by email: a receipt, every public reply with its text and the
/// ending, each with a signed link to read and answer the ticket without an account.
/// </summary>
public class VisitorTicketMailTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    private static string NewAddress() => $"visitor-{Guid.NewGuid():N}@example.com";

    private async Task<int> SendContactFormAsync(string email, string? language = null)
    {
        using var visitor = factory.NewClient(followRedirects: true);
        if (language is not null) visitor.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var page = await PortalClient.ParseAsync(await visitor.SubmitFormAsync("/support/contact", "form#contact-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Mona Visitor",
            ["Input.Email"] = email,
            ["Input.Subject"] = "Opening hours",
            ["Input.Message"] = "When does the Jeddah store open on Fridays?",
            ["Input.Website"] = "",
        }));
        return int.Parse(Regex.Match(page.Text("#status-message"), @"#(\d+)").Groups[1].Value);
    }

    [Fact]
    public async Task The_receipt_links_to_the_ticket_which_the_visitor_reads_and_answers_without_an_account()
    {
        var email = NewAddress();
        var number = await SendContactFormAsync(email);

        var receipt = factory.LastEmailTo(email)!;
        Assert.Equal($"We have your message: ticket #{number}", receipt.Subject);
        var link = factory.LinkInLastEmailTo(email);
        Assert.StartsWith("/tickets/guest/", link.AbsolutePath);

        using var visitor = factory.NewClient(followRedirects: true);
        var response = await visitor.Http.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Opening hours", page.Text("#ticket-subject"));
        Assert.Contains("When does the Jeddah store open on Fridays?", page.Text("#timeline"));

        var answered = await PortalClient.ParseAsync(await visitor.SubmitFormAsync(link.PathAndQuery, "form#reply-form",
            new Dictionary<string, string> { ["Reply.Body"] = "Also on Saturdays, please." }));
        Assert.Equal("Your reply was sent.", answered.Text("#status-message"));
        Assert.Contains("Also on Saturdays, please.", answered.Text("#timeline"));
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        Assert.Contains("Also on Saturdays, please.", (await agent.GetDocumentAsync($"/agent/tickets/{number}")).Text("#timeline"));
    }

    [Fact]
    public async Task An_agent_reply_is_mailed_with_its_text_in_the_visitors_language_but_an_internal_note_is_not()
    {
        var email = NewAddress();
        var number = await SendContactFormAsync(email, "ar");
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);

        await agent.PostFormAsync($"/agent/tickets/{number}", "form#agent-reply-form",
            new Dictionary<string, string> { ["Reply.Body"] = "Only for agents: check the Jeddah rota.", ["Reply.Internal"] = "true" });
        Assert.Equal($"وصلتنا رسالتك: التذكرة #{number}", factory.LastEmailTo(email)!.Subject);

        await agent.PostFormAsync($"/agent/tickets/{number}", "form#agent-reply-form",
            new Dictionary<string, string> { ["Reply.Body"] = "From 4 pm on Fridays." });

        var reply = factory.LastEmailTo(email)!;
        Assert.Equal($"رد جديد على التذكرة #{number}", reply.Subject);
        Assert.Contains("From 4 pm on Fridays.", reply.TextBody);
        Assert.Contains("dir=\"rtl\"", reply.HtmlBody);
        Assert.DoesNotContain("Jeddah rota", reply.TextBody + reply.HtmlBody);
        using var visitor = factory.NewClient();
        var page = await visitor.GetDocumentAsync(factory.LinkInLastEmailTo(email).PathAndQuery);
        Assert.Contains("From 4 pm on Fridays.", page.Text("#timeline"));
        Assert.DoesNotContain("Jeddah rota", page.Text("#timeline"));
    }

    [Fact]
    public async Task A_changed_token_or_one_for_a_customers_ticket_finds_nothing()
    {
        var email = NewAddress();
        await SendContactFormAsync(email);
        var path = factory.LinkInLastEmailTo(email).AbsolutePath;
        using var visitor = factory.NewClient();

        var changed = path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..];
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync(changed)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync("/tickets/guest/not-a-token")).StatusCode);
    }

    [Fact]
    public async Task A_closed_ticket_says_so_and_takes_no_reply_through_the_link()
    {
        var email = NewAddress();
        var number = await SendContactFormAsync(email);
        var link = factory.LinkInLastEmailTo(email);
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        using var visitor = factory.NewClient();
        var form = await visitor.GetDocumentAsync(link.PathAndQuery);
        await agent.PostFormAsync($"/agent/tickets/{number}", "form#status-form", new Dictionary<string, string> { ["status"] = nameof(TicketStatus.Closed) });
        Assert.Equal($"Ticket #{number} is now Closed", factory.LastEmailTo(email)!.Subject);

        var response = await visitor.SubmitAsync(form.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form#reply-form")!,
            new Dictionary<string, string> { ["Reply.Body"] = "One more thing." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("#ticket-closed"));
        Assert.DoesNotContain("One more thing.", page.Text("#timeline"));
    }
}
