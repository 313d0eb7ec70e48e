using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Tests.Infrastructure;
using Portal.Tests.Customers;

namespace Portal.Tests.Administration;

public class SystemAdminTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PortalClient> AdminAsync()
    {
        var client = factory.NewClient();
        await client.SignInAsync("admin@demo.local");
        return client;
    }

    private Task<long> DeadLetterAsync(string type) => factory.WithServiceAsync<long, PortalDbContext>(async db =>
    {
        var message = new OutboxMessage();
        var entry = db.Add(message);
        entry.Property(m => m.EventId).CurrentValue = Guid.NewGuid();
        entry.Property(m => m.Type).CurrentValue = type;
        entry.Property(m => m.Payload).CurrentValue = "{}";
        entry.Property(m => m.StreamKey).CurrentValue = "test:" + type;
        entry.Property(m => m.OccurredAtUtc).CurrentValue = DateTime.UtcNow.AddHours(-1);
        entry.Property(m => m.Attempts).CurrentValue = 8;
        entry.Property(m => m.LastError).CurrentValue = "InvalidOperationException: the handler broke";
        entry.Property(m => m.DeadLetteredAtUtc).CurrentValue = DateTime.UtcNow.AddMinutes(-5);
        await db.SaveChangesAsync();
        return message.Id;
    });

    private Task<OutboxMessage> MessageAsync(long id) =>
        factory.WithServiceAsync<OutboxMessage, PortalDbContext>(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id));

    [Theory]
    [InlineData("customer@demo.local")]
    [InlineData("staff@demo.local")]
    public async Task Only_admins_see_the_system_page(string email)
    {
        using var client = factory.NewClient();
        await client.SignInAsync(email);

        var response = await client.Http.GetAsync("/admin/system");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/admin/system");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Every_registered_job_is_listed_with_its_health()
    {
        await factory.Services.GetRequiredService<JobRunner>().TriggerAsync("outbox-dispatcher");
        await factory.Services.GetRequiredService<JobRunner>().RunDueAsync(CancellationToken.None);
        using var client = await AdminAsync();

        var page = await client.GetDocumentAsync("/admin/system");
        var arabic = await client.GetDocumentAsync("/admin/system?culture=ar");

        foreach (var job in new[] { "loyalty-maintenance", "ticket-auto-close", "idempotency-purge", "outbox-dispatcher" })
        {
            var card = page.QuerySelector($"#job-{job}");
            Assert.True(card is not null, $"{job} is not listed");
            Assert.Equal("Healthy", page.Text($"#job-{job}-health"));
            Assert.Null(card.QuerySelector($"#job-{job}-error"));
        }
        Assert.Contains("5 seconds", page.QuerySelector("#job-outbox-dispatcher")!.TextContent);
        Assert.Contains("10 minutes", page.QuerySelector("#job-ticket-auto-close")!.TextContent);
        Assert.NotNull(page.QuerySelector("#outbox-pending"));
        Assert.Equal("سليمة", arabic.Text("#job-outbox-dispatcher-health"));
        Assert.Equal("/admin/system", page.QuerySelector("a[href='/admin/system']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Jobs_registered_are_the_four_periodic_jobs()
    {
        var names = factory.Services.GetRequiredService<JobRegistry>().All.Select(j => j.Schedule.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "loyalty-maintenance", "ticket-auto-close", "idempotency-purge", "outbox-dispatcher" }, names);
        // The old hand-written loops are gone: the job runner is the one background service running them.
        Assert.DoesNotContain(factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(),
            s => s.GetType().Name is "LoyaltyJob" or "TicketAutoCloser");
    }

    [Fact]
    public async Task A_dead_letter_is_shown_and_Retry_makes_it_pending_again()
    {
        var id = await DeadLetterAsync("RetryWithoutScript");
        using var client = await AdminAsync();

        var page = await client.GetDocumentAsync("/admin/system");
        var card = page.QuerySelector($"#dead-letter-{id}");
        Assert.NotNull(card);
        Assert.Contains("RetryWithoutScript", card.TextContent);
        Assert.Contains("the handler broke", card.TextContent);
        var response = await client.SubmitAsync(page.QuerySelector<IHtmlFormElement>($"#retry-{id}")!, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/system", response.Headers.Location!.OriginalString);
        var after = await client.GetDocumentAsync("/admin/system");
        Assert.Equal("The message is waiting for delivery again.", after.Text("#status-message"));
        Assert.Null(after.QuerySelector($"#dead-letter-{id}"));
        var message = await MessageAsync(id);
        Assert.True(message.IsPending);
        Assert.Equal(0, message.Attempts);
    }

    [Fact]
    public async Task Retry_with_htmx_answers_the_outbox_part_with_a_status_message()
    {
        var id = await DeadLetterAsync("RetryInPlace");
        using var client = await AdminAsync();
        var page = await client.GetDocumentAsync("/admin/system?culture=ar");
        var form = page.QuerySelector<IHtmlFormElement>($"#retry-{id}")!;
        Assert.Equal($"/admin/system?handler=Retry&id={id}", form.GetAttribute("hx-post"));
        Assert.Equal("#outbox", form.GetAttribute("hx-target"));

        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("hx-post") + "&culture=ar")
        {
            Content = new FormUrlEncodedContent(form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden")
                .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))),
        };
        request.Headers.Add("HX-Request", "true");
        var response = await client.Http.SendAsync(request);
        var fragment = await PortalClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(fragment.QuerySelector("html body main"));
        Assert.Equal("innerHTML", fragment.QuerySelector("#outbox-status")!.GetAttribute("hx-swap-oob"));
        Assert.Equal("عادت الرسالة إلى انتظار التسليم.", fragment.Text("#outbox-status"));
        Assert.Null(fragment.QuerySelector($"#dead-letter-{id}"));
        Assert.True((await MessageAsync(id)).IsPending);
    }

    [Fact]
    public async Task Retry_without_the_antiforgery_token_is_refused()
    {
        var id = await DeadLetterAsync("RetryForged");
        using var client = await AdminAsync();

        var response = await client.Http.PostAsync($"/admin/system?handler=Retry&id={id}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await MessageAsync(id);
        Assert.NotNull(message.DeadLetteredAtUtc);
    }
}
