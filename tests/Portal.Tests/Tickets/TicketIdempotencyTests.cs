using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Tickets;

/// <summary>Stands for a crash between writing a ticket and storing the answer to its Idempotency-Key.</summary>
public sealed class CrashBeforeStoringAnswer : SaveChangesInterceptor
{
    public volatile bool Armed;

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Armed && eventData.Context!.ChangeTracker.Entries<IdempotentRequest>().Any(e => e.State == EntityState.Added))
            throw new InvalidOperationException("The server went down here.");
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public sealed class CrashingTicketsFactory : TicketsPortalFactory
{
    public CrashBeforeStoringAnswer Crash { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<SqlitePortalDbContext>(o => o.AddInterceptors(Crash)));
    }
}

public class TicketIdempotencyTests(CrashingTicketsFactory factory) : IClassFixture<CrashingTicketsFactory>
{
    private const string Tickets = "/api/customer-id/support/tickets";

    private async Task<HttpClient> CustomerApiAsync()
    {
        var user = await factory.NewCustomerAsync();
        var api = factory.NewApiClient();
        var token = (await api.TokensAsync(user.Email!)).GetProperty("accessToken").GetString()!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient api, string url, object body, string key) =>
        api.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } });

    private static readonly object NewTicket = new { subject = "Points missing", category = "Loyalty", description = "My Friday purchase earned nothing." };

    private static async Task<int> TicketCountAsync(HttpClient api) => (await (await api.GetAsync(Tickets)).JsonAsync()).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_answer_and_opens_no_second_ticket()
    {
        using var api = await CustomerApiAsync();
        var first = await PostAsync(api, Tickets, NewTicket, "ticket-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        var retry = await PostAsync(api, Tickets, NewTicket, "ticket-1");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetInt32(), (await retry.JsonAsync()).GetProperty("id").GetInt32());
        Assert.Equal(1, await TicketCountAsync(api));

        var other = await PostAsync(api, Tickets, new { subject = "Something else", category = "Other", description = "Another matter." }, "ticket-1");
        await other.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await TicketCountAsync(api));
    }

    [Fact]
    public async Task Twin_requests_sent_at_once_with_one_key_open_one_ticket()
    {
        using var api = await CustomerApiAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(api, Tickets, NewTicket, "twins")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.JsonAsync()).GetProperty("id").GetInt32()));
        Assert.Single(ids.Distinct());
        Assert.Equal(4, answers.Count(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await TicketCountAsync(api));
    }

    [Fact]
    public async Task A_comment_sent_twice_with_one_key_is_added_once()
    {
        using var api = await CustomerApiAsync();
        var id = (await (await PostAsync(api, Tickets, NewTicket, "comment-ticket")).JsonAsync()).GetProperty("id").GetInt32();
        var reply = new { body = "It was receipt 4471." };
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(api, $"{Tickets}/{id}/comments", reply, "comment-1")).StatusCode);
        var retry = await PostAsync(api, $"{Tickets}/{id}/comments", reply, "comment-1");
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());

        var comments = (await (await api.GetAsync($"{Tickets}/{id}/comments")).JsonAsync()).GetProperty("items");
        Assert.Single(comments.EnumerateArray(), c => c.GetProperty("body").GetString() == "It was receipt 4471.");
    }

    [Fact]
    public async Task A_ticket_is_kept_only_together_with_its_key_so_a_retry_after_a_crash_opens_one()
    {
        using var api = await CustomerApiAsync();
        factory.Crash.Armed = true;
        try
        {
            var crashed = await PostAsync(api, Tickets, NewTicket, "crash-1");
            Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        }
        finally
        {
            factory.Crash.Armed = false;
        }
        Assert.Equal(0, await TicketCountAsync(api));

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(api, Tickets, NewTicket, "crash-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(api, Tickets, NewTicket, "crash-1")).StatusCode);
        Assert.Equal(1, await TicketCountAsync(api));
    }
}

/// <summary>On PostgreSQL the losers of a race fail at commit and come round again: still one ticket.</summary>
public class TicketIdempotencyOnPostgresTests(Portal.Tests.Data.PostgresPortalFactory factory) : IClassFixture<Portal.Tests.Data.PostgresPortalFactory>
{
    [Fact]
    public async Task Twin_requests_with_one_key_open_one_ticket_on_PostgreSQL()
    {
        var user = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var token = (await api.TokensAsync(user.Email!)).GetProperty("accessToken").GetString()!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = new { subject = "Twins on Postgres", category = "Other", description = "Sent twice at once." };

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/api/customer-id/support/tickets") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "pg-twins" } } })));

        foreach (var a in answers)
            Assert.True(a.StatusCode == HttpStatusCode.Created, await a.Content.ReadAsStringAsync());
        var ids = await Task.WhenAll(answers.Select(async a => (await a.JsonAsync()).GetProperty("id").GetInt32()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, (await (await api.GetAsync("/api/customer-id/support/tickets")).JsonAsync()).GetProperty("items").GetArrayLength());
    }
}
