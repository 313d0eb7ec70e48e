using System.Net;
using System.Text.Json;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

public class TicketsApiTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    private const string Tickets = "/api/customer-id/support/tickets";

    private async Task<(HttpClient Api, string Token, string Email)> CustomerAsync()
    {
        var email = await factory.CreateCustomerAsync(PortalClient.DemoPassword);
        var api = factory.NewApiClient();
        return (api, await api.TokenAsync(email), email);
    }

    private static async Task<int> CreateAsync(HttpClient api, string token, string subject = "App crashes on the card")
    {
        var response = await api.SendJsonAsync(HttpMethod.Post, Tickets, token,
            new { subject, category = "Technical", priority = "High", description = "It closes when I open the card." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_customer_creates_and_lists_tickets_in_camelCase_with_string_enums()
    {
        var (api, token, _) = await CustomerAsync();

        var response = await api.SendJsonAsync(HttpMethod.Post, Tickets, token,
            new { subject = "App crashes", category = "Technical", priority = "Urgent", description = "Every time." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"{Tickets}/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal($"#{id}", created.GetProperty("number").GetString());
        Assert.Equal("New", created.GetProperty("status").GetString());
        Assert.Equal("Technical", created.GetProperty("category").GetString());
        Assert.Equal("Urgent", created.GetProperty("priority").GetString());
        Assert.All(created.EnumerateObject(), p => Assert.True(char.IsLower(p.Name[0]), $"{p.Name} is not camelCase"));
        var list = await (await api.SendJsonAsync(HttpMethod.Get, Tickets, token)).JsonAsync();
        Assert.Equal("App crashes", list.GetProperty("items").Ticket(id).GetProperty("subject").GetString());
        var ticket = await (await api.SendJsonAsync(HttpMethod.Get, $"{Tickets}/{id}", token)).JsonAsync();
        var comment = Assert.Single(ticket.GetProperty("comments").EnumerateArray());
        Assert.Equal("Every time.", comment.GetProperty("body").GetString());
        Assert.False(comment.GetProperty("fromSupport").GetBoolean());
    }

    [Fact]
    public async Task Missing_fields_are_a_validation_problem()
    {
        var (api, token, _) = await CustomerAsync();

        var problem = await (await api.SendJsonAsync(HttpMethod.Post, Tickets, token, new { subject = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var errors = problem.GetProperty("errors");
        Assert.Equal("Enter a subject.", errors.GetProperty("subject")[0].GetString());
        Assert.True(errors.TryGetProperty("description", out _));
        Assert.True(errors.TryGetProperty("category", out _));
    }

    [Fact]
    public async Task Another_customers_ticket_is_a_404_problem()
    {
        var (owner, ownerToken, _) = await CustomerAsync();
        var id = await CreateAsync(owner, ownerToken);
        var (stranger, token, _) = await CustomerAsync();

        await (await stranger.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { status = "Closed" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendJsonAsync(HttpMethod.Post, $"{Tickets}/{id}/comments", token, new { body = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var list = await (await stranger.SendJsonAsync(HttpMethod.Get, Tickets, token)).JsonAsync();
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetInt32() == id);
        await (await stranger.SendJsonAsync(HttpMethod.Get, $"{Tickets}/{id}", token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendJsonAsync(HttpMethod.Get, $"{Tickets}/{id}/comments", token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendJsonAsync(HttpMethod.Put, $"{Tickets}/999999", token, new { status = "Closed" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Customers_may_only_close_other_moves_are_invalid_transitions()
    {
        var (api, token, _) = await CustomerAsync();
        var id = await CreateAsync(api, token);

        var problem = await (await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { status = "Resolved" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("The ticket cannot move to that status from where it is now.", problem.GetProperty("detail").GetString());

        var closed = await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { status = "Closed" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("Closed", (await closed.JsonAsync()).GetProperty("status").GetString());
        await (await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { status = "Closed" })).AssertProblemAsync(HttpStatusCode.Conflict, "ticket_closed");
        await (await api.SendJsonAsync(HttpMethod.Post, $"{Tickets}/{id}/comments", token, new { body = "one more thing" })).AssertProblemAsync(HttpStatusCode.Conflict, "ticket_closed");
    }

    [Fact]
    public async Task Rating_waits_for_the_resolution_and_happens_once()
    {
        var (api, token, _) = await CustomerAsync();
        var id = await CreateAsync(api, token);
        await (await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { rating = 5 })).AssertProblemAsync(HttpStatusCode.Conflict, "not_resolved");
        await (await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { status = "Closed" })).Content.ReadAsStringAsync();

        var rated = await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { rating = 5, ratingComment = "Great" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var body = await rated.JsonAsync();
        Assert.Equal(5, body.GetProperty("rating").GetInt32());
        Assert.Equal("Great", body.GetProperty("ratingComment").GetString());
        await (await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { rating = 1 })).AssertProblemAsync(HttpStatusCode.Conflict, "already_rated");
        await (await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { rating = 3, status = "Closed" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_reply_through_the_api_reopens_a_waiting_ticket()
    {
        var (api, token, email) = await CustomerAsync();
        var id = await CreateAsync(api, token);
        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        await agent.PostFormAsync($"/agent/tickets/{id}", "form#agent-reply-form", new Dictionary<string, string> { ["Reply.Body"] = "Which phone do you use?" });
        await agent.PostFormAsync($"/agent/tickets/{id}", "form#status-form", new Dictionary<string, string> { ["status"] = "Pending" });

        var response = await api.SendJsonAsync(HttpMethod.Post, $"{Tickets}/{id}/comments", token, new { body = "A Pixel 8." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticket = await response.JsonAsync();
        Assert.Equal("Open", ticket.GetProperty("status").GetString());
        var comments = ticket.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(["It closes when I open the card.", "Which phone do you use?", "A Pixel 8."], comments.Select(c => c.GetProperty("body").GetString()));
        Assert.True(comments[1].GetProperty("fromSupport").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, ticket.GetProperty("firstResponseAt").ValueKind);
    }

    [Fact]
    public async Task Problems_speak_Arabic_when_asked()
    {
        var (api, token, _) = await CustomerAsync();
        var id = await CreateAsync(api, token);
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");

        var problem = await (await api.SendJsonAsync(HttpMethod.Put, $"{Tickets}/{id}", token, new { rating = 5 })).AssertProblemAsync(HttpStatusCode.Conflict, "not_resolved");

        Assert.Equal("يمكنك تقييم التذكرة بعد حلّها.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_tickets_api_needs_a_token()
    {
        using var api = factory.NewApiClient();
        await (await api.GetAsync(Tickets)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
