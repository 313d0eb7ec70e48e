using AngleSharp.Dom;
using System.Net;
using AngleSharp.Html.Dom;
using Portal.Core.Tickets;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

public class AgentTicketTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    private const string Secret = "Internal: card flagged by fraud team";

    [Fact]
    public async Task An_agent_reply_opens_the_ticket_and_the_customer_sees_it()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync();
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);

        var response = await agent.SubmitHtmxAsync($"/agent/tickets/{number}", "form#agent-reply-form",
            new Dictionary<string, string> { ["Reply.Body"] = "We added the points." });

        var fragment = await PortalClient.ParseAsync(response);
        Assert.Equal("Reply sent.", fragment.Text("#reply-status"));
        Assert.Contains("We added the points.", fragment.Text("#timeline"));
        Assert.Equal(nameof(TicketStatus.Open), fragment.QuerySelector("#ticket-status [data-status]")?.GetAttribute("data-status"));
        Assert.DoesNotContain("Not yet", fragment.Text("#first-response"));
        var mine = await customer.GetDocumentAsync($"/tickets/{number}");
        mine.AssertStatus(TicketStatus.Open);
        Assert.Contains("We added the points.", mine.Text("#timeline"));
    }

    [Fact]
    public async Task Internal_notes_never_reach_the_customer_in_pages_or_the_api()
    {
        var email = await factory.CreateCustomerAsync(PortalClient.DemoPassword);
        using var customer = await factory.SignedInAsync(email);
        var number = await customer.CreateTicketAsync();
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);

        var note = await agent.PostFormAsync($"/agent/tickets/{number}", "form#agent-reply-form",
            new Dictionary<string, string> { ["Reply.Body"] = Secret, ["Reply.Internal"] = "true" });
        note.AssertRedirectTo($"/agent/tickets/{number}");

        var agentPage = await agent.GetDocumentAsync($"/agent/tickets/{number}");
        var shown = agentPage.QuerySelector("#timeline [data-internal=true]")!;
        Assert.Contains(Secret, shown.TextContent);
        Assert.Contains("Internal note", shown.TextContent);
        agentPage.AssertStatus(TicketStatus.New);

        Assert.DoesNotContain(Secret, (await customer.GetDocumentAsync($"/tickets/{number}")).Html());
        Assert.DoesNotContain(Secret, (await customer.GetDocumentAsync("/tickets")).Html());
        using var api = factory.NewApiClient();
        var token = await api.TokenAsync(email);
        var json = await (await api.SendJsonAsync(HttpMethod.Get, $"/api/customer-id/support/tickets/{number}", token)).BodyAsync();
        Assert.Contains("My points from Friday are missing.", json);
        Assert.DoesNotContain(Secret, json);
        Assert.DoesNotContain("fraud", json);
    }

    [Fact]
    public async Task A_customer_reply_reopens_a_ticket_waiting_on_them()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync();
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        await agent.PostFormAsync($"/agent/tickets/{number}", "form#agent-reply-form", new Dictionary<string, string> { ["Reply.Body"] = "Which store?" });
        var pending = await agent.PostFormAsync($"/agent/tickets/{number}", "form#status-form", new Dictionary<string, string> { ["status"] = nameof(TicketStatus.Pending) });
        pending.AssertRedirectTo($"/agent/tickets/{number}");
        var waiting = await customer.GetDocumentAsync($"/tickets/{number}");
        waiting.AssertStatus(TicketStatus.Pending);
        Assert.NotNull(waiting.QuerySelector("#reopen-hint"));

        await customer.PostFormAsync($"/tickets/{number}", "form#reply-form", new Dictionary<string, string> { ["Reply.Body"] = "The Riyadh one." });

        (await customer.GetDocumentAsync($"/tickets/{number}")).AssertStatus(TicketStatus.Open);
    }

    [Fact]
    public async Task A_resolved_ticket_is_rated_once()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync();
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        Assert.Null((await customer.GetDocumentAsync($"/tickets/{number}")).QuerySelector("#rating-form"));
        await agent.PostFormAsync($"/agent/tickets/{number}", "form#status-form", new Dictionary<string, string> { ["status"] = nameof(TicketStatus.Resolved) });

        var page = await customer.GetDocumentAsync($"/tickets/{number}");
        var form = page.QuerySelector<IHtmlFormElement>("#rating-form")!;
        var rated = await customer.SubmitAsync(form, new Dictionary<string, string> { ["Rating.Stars"] = "4", ["Rating.Comment"] = "Quick" });
        rated.AssertRedirectTo($"/tickets/{number}");
        var again = await PortalClient.ParseAsync(await customer.SubmitAsync(form, new Dictionary<string, string> { ["Rating.Stars"] = "1" }));

        Assert.Equal("You have already rated this ticket.", again.Text("#ticket-error"));
        var after = await customer.GetDocumentAsync($"/tickets/{number}");
        Assert.Equal("You rated this ticket 4 out of 5.", after.Text("#rating-given"));
        Assert.Null(after.QuerySelector("#rating-form"));
        Assert.Equal(4, (await factory.StoredTicketAsync(number)).Rating);
        Assert.Contains("4", (await agent.GetDocumentAsync($"/agent/tickets/{number}")).Text("#ticket-rating"));
    }

    [Fact]
    public async Task The_queue_lists_new_tickets_and_filters_with_htmx()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync("Queue visibility check");
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);

        var queue = await agent.GetDocumentAsync("/agent/tickets");
        Assert.Contains("Queue visibility check", queue.Text($"#queue-{number}"));
        Assert.Contains("Test Customer", queue.Text($"#queue-{number}"));

        var request = new HttpRequestMessage(HttpMethod.Get, "/agent/tickets?scope=Mine&status=active&priority=");
        request.Headers.Add("HX-Request", "true");
        var fragment = await PortalClient.ParseAsync(await agent.Http.SendAsync(request));
        Assert.Null(fragment.QuerySelector("#queue-filters"));
        Assert.Null(fragment.QuerySelector($"#queue-{number}"));
    }

    [Fact]
    public async Task The_second_agent_to_take_a_ticket_is_told_who_has_it()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync();
        using var omar = await factory.SignedInAsync(TicketTestKit.Agent);
        using var adam = await factory.SignedInAsync(TicketTestKit.Admin);
        var stale = await adam.GetDocumentAsync($"/agent/tickets/{number}");

        (await omar.PostFormAsync($"/agent/tickets/{number}", "form#take-form")).AssertRedirectTo($"/agent/tickets/{number}");
        await adam.SubmitAsync(stale.QuerySelector<IHtmlFormElement>("#take-form")!, new Dictionary<string, string>());

        Assert.Equal("Omar Agent has already taken this ticket.", (await adam.GetDocumentAsync($"/agent/tickets/{number}")).Text("#status-message"));
        Assert.Equal("Omar Agent", (await factory.StoredTicketAsync(number)).AssignedAgentName);
    }

    [Fact]
    public async Task The_agent_sees_the_customers_profile_beside_the_ticket_and_the_staff_profile_lists_the_ticket()
    {
        var email = await factory.CreateCustomerAsync(PortalClient.DemoPassword);
        using var customer = await factory.SignedInAsync(email);
        var number = await customer.CreateTicketAsync("Profile panel check");
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);

        var page = await agent.GetDocumentAsync($"/agent/tickets/{number}");
        Assert.Contains(email, page.Text("#account-email"));
        var profile = await agent.GetDocumentAsync(page.QuerySelector("#customer-profile-link")!.GetAttribute("href")!);
        Assert.Contains("Profile panel check", profile.Text("#panel-tickets"));
        Assert.NotNull(profile.QuerySelector($"#panel-tickets a[href='/agent/tickets/{number}']"));
    }

    [Fact]
    public async Task Customers_cannot_open_the_agent_pages()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync();
        var response = await customer.Http.GetAsync($"/agent/tickets/{number}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Canned_replies_are_managed_and_offered_in_the_reply_box()
    {
        var (customer, _) = await factory.SignedInCustomerAsync();
        var number = await customer.CreateTicketAsync();
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);

        var added = await agent.PostFormAsync("/agent/canned-replies", "form#canned-form", new Dictionary<string, string>
        {
            ["Input.ShortCode"] = "refund-test", ["Input.Title"] = "Refunds", ["Input.BodyEn"] = "Refunds take 5 days.", ["Input.BodyAr"] = "يستغرق الاسترداد 5 أيام.",
        });
        added.AssertRedirectTo("/agent/canned-replies");
        var duplicate = await PortalClient.ParseAsync(await agent.PostFormAsync("/agent/canned-replies", "form#canned-form", new Dictionary<string, string>
        {
            ["Input.ShortCode"] = "/refund-test", ["Input.Title"] = "Again", ["Input.BodyEn"] = "x",
        }));
        Assert.Equal("Another canned reply already uses this short code.", duplicate.Text("#Input_ShortCode-error"));

        var option = (await agent.GetDocumentAsync($"/agent/tickets/{number}")).QuerySelector("#canned-reply option[value='/refund-test']")!;
        Assert.Equal("Refunds take 5 days.", option.GetAttribute("data-body"));
    }
}
