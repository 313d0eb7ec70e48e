using AngleSharp.Dom;
using System.Net;
using Portal.Core.Tickets;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

public class ContactFormTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    private static Dictionary<string, string> Fields(string email = "mona@example.com", string website = "") => new()
    {
        ["Input.Name"] = "Mona Visitor",
        ["Input.Email"] = email,
        ["Input.Subject"] = "Opening hours",
        ["Input.Message"] = "When does the Jeddah store open on Fridays?",
        ["Input.Website"] = website,
    };

    [Fact]
    public async Task A_visitor_message_becomes_a_ticket_and_the_confirmation_gives_its_number()
    {
        using var client = factory.NewClient(followRedirects: true);

        var page = await PortalClient.ParseAsync(await client.SubmitFormAsync("/support/contact", "form#contact-form", Fields()));

        var message = page.Text("#status-message");
        var number = int.Parse(System.Text.RegularExpressions.Regex.Match(message, @"#(\d+)").Groups[1].Value);
        Assert.Equal($"We have your message. Your ticket number is #{number}. We will reply by email.", message);
        var ticket = await factory.StoredTicketAsync(number);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Equal(TicketCategory.Other, ticket.Category);
        Assert.Null(ticket.CustomerUserId);
        Assert.Equal("mona@example.com", ticket.RequesterEmail);
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        var agentPage = await agent.GetDocumentAsync($"/agent/tickets/{number}");
        Assert.Contains("mona@example.com", agentPage.Text("#visitor-details"));
    }

    [Fact]
    public async Task The_htmx_form_answers_with_the_form_part_only()
    {
        using var client = factory.NewClient();

        var response = await client.SubmitHtmxAsync("/support/contact", "form#contact-form", Fields());

        var fragment = await PortalClient.ParseAsync(response);
        Assert.Null(fragment.QuerySelector("header"));
        Assert.StartsWith("We have your message. Your ticket number is #", fragment.Text("#contact-confirmation"));
        Assert.Equal("", fragment.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Subject")!.Value);
    }

    [Fact]
    public async Task A_filled_honeypot_gets_the_thank_you_and_creates_nothing()
    {
        using var client = factory.NewClient(followRedirects: true);
        var before = await factory.CountTicketsAsync();

        var page = await PortalClient.ParseAsync(await client.SubmitFormAsync("/support/contact", "form#contact-form", Fields(website: "http://spam.example")));

        Assert.Equal("We have your message. We will reply by email.", page.Text("#status-message"));
        Assert.Equal(before, await factory.CountTicketsAsync());
    }

    [Fact]
    public async Task An_invalid_email_gets_an_Arabic_message_and_creates_nothing()
    {
        using var client = factory.NewClient();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        var before = await factory.CountTicketsAsync();

        var response = await client.SubmitFormAsync("/support/contact", "form#contact-form", Fields(email: "not-an-email"));

        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("أدخل بريداً إلكترونياً صحيحاً.", page.Text("#Input_Email-error"));
        Assert.Equal(before, await factory.CountTicketsAsync());
    }

    [Fact]
    public async Task A_signed_in_customer_finds_their_name_and_email_filled_in()
    {
        var (client, email) = await factory.SignedInCustomerAsync();

        var page = await client.GetDocumentAsync("/support/contact");

        Assert.Equal("Test Customer", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Name")!.Value);
        Assert.Equal(email, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Email")!.Value);
    }

    [Fact]
    public async Task A_signed_in_customers_message_is_their_own_ticket_in_their_list_and_the_agents_queue()
    {
        var (client, email) = await factory.SignedInCustomerAsync();
        var form = await client.GetDocumentAsync("/support/contact");
        var fields = Fields(email: email);
        fields["Input.Name"] = form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Name")!.Value;

        var response = await client.SubmitHtmxAsync("/support/contact", "form#contact-form", fields);

        var fragment = await PortalClient.ParseAsync(response);
        var message = fragment.Text("#contact-confirmation");
        var number = int.Parse(System.Text.RegularExpressions.Regex.Match(message, @"#(\d+)").Groups[1].Value);
        Assert.StartsWith($"We have your message. Your ticket number is #{number}: you will find our reply in your tickets.", message);
        Assert.Equal($"/tickets/{number}", fragment.QuerySelector("#contact-ticket-link")!.GetAttribute("href"));
        var stored = await factory.StoredTicketAsync(number);
        Assert.Equal((await factory.FindUserAsync(email))!.Id, stored.CustomerUserId);
        Assert.NotNull((await client.GetDocumentAsync("/tickets")).QuerySelector($"#ticket-{number}"));
        Assert.Equal("Opening hours", (await client.GetDocumentAsync($"/tickets/{number}")).Text("#ticket-subject"));
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        Assert.Null((await agent.GetDocumentAsync($"/agent/tickets/{number}")).QuerySelector("#visitor-details"));
    }

    [Fact]
    public async Task A_customers_email_typed_by_a_visitor_stays_a_visitor_ticket()
    {
        var email = await factory.CreateCustomerAsync(PortalClient.DemoPassword);
        using var visitor = factory.NewClient(followRedirects: true);

        var page = await PortalClient.ParseAsync(await visitor.SubmitFormAsync("/support/contact", "form#contact-form", Fields(email: email)));

        var number = int.Parse(System.Text.RegularExpressions.Regex.Match(page.Text("#status-message"), @"#(\d+)").Groups[1].Value);
        Assert.Null((await factory.StoredTicketAsync(number)).CustomerUserId);
        using var customer = await factory.SignedInAsync(email);
        Assert.Null((await customer.GetDocumentAsync("/tickets")).QuerySelector($"#ticket-{number}"));
    }
}

public sealed class StrictContactFactory : TicketsPortalFactory
{
    protected override int ContactPermits => 2;
}

public class ContactRateLimitTests(StrictContactFactory factory) : IClassFixture<StrictContactFactory>
{
    [Fact]
    public async Task Sends_beyond_the_limit_get_429_but_showing_the_form_is_free()
    {
        using var client = factory.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await client.SubmitFormAsync("/support/contact", "form#contact-form", new Dictionary<string, string>
            {
                ["Input.Name"] = "Bot", ["Input.Email"] = "bot@example.com", ["Input.Subject"] = "Hi", ["Input.Message"] = "Hello",
            })).StatusCode);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/support/contact")).StatusCode);
    }
}
