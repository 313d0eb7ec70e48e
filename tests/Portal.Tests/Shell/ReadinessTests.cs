using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Shell;

public class ReadinessTests(FreshPortalFactory factory) : IClassFixture<FreshPortalFactory>
{
    [Fact]
    public async Task Ready_reports_the_database_jobs_and_outbox_as_JSON()
    {
        using var client = factory.NewClient();

        var response = await client.Http.GetAsync("/healthz/ready");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        var checks = json.GetProperty("checks");
        foreach (var name in new[] { "database", "jobs", "outbox" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
            Assert.True(checks.GetProperty(name).TryGetProperty("description", out _), $"{name} has no description");
        }
        var jobs = checks.GetProperty("jobs").GetProperty("data");
        foreach (var job in new[] { "loyalty-maintenance", "ticket-auto-close", "idempotency-purge", "outbox-dispatcher" })
            Assert.True(jobs.GetProperty(job).GetProperty("healthy").GetBoolean());
        Assert.Equal(1000, checks.GetProperty("outbox").GetProperty("data").GetProperty("maxBacklog").GetInt32());
    }

    [Fact]
    public async Task Liveness_stays_plain_and_leaves_out_jobs_and_outbox()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Any waiting message is too many.</summary>
public sealed class NoBacklogPortalFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Health:MaxOutboxBacklog", "0");
    }
}

public class ReadinessBacklogTests(NoBacklogPortalFactory factory) : IClassFixture<NoBacklogPortalFactory>
{
    [Fact]
    public async Task Ready_is_503_when_the_outbox_backlog_passes_its_limit()
    {
        // Not due for an hour, so the running dispatcher leaves it waiting.
        await factory.WithServiceAsync<int, PortalDbContext>(db =>
        {
            var entry = db.Add(new OutboxMessage());
            entry.Property(m => m.EventId).CurrentValue = Guid.NewGuid();
            entry.Property(m => m.Type).CurrentValue = "Waiting";
            entry.Property(m => m.Payload).CurrentValue = "{}";
            entry.Property(m => m.StreamKey).CurrentValue = "test:waiting";
            entry.Property(m => m.OccurredAtUtc).CurrentValue = DateTime.UtcNow;
            entry.Property(m => m.NextAttemptAtUtc).CurrentValue = DateTime.UtcNow.AddHours(1);
            return db.SaveChangesAsync();
        });
        using var client = factory.NewClient();

        var response = await client.Http.GetAsync("/healthz/ready");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var outbox = json.GetProperty("checks").GetProperty("outbox");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", json.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", outbox.GetProperty("status").GetString());
        Assert.Contains("more than 0", outbox.GetProperty("description").GetString());
        Assert.True(outbox.GetProperty("data").GetProperty("pending").GetInt32() >= 1);
        Assert.Equal("Healthy", json.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/healthz")).StatusCode);
    }
}
