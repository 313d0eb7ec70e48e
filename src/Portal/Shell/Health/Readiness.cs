using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Jobs;

namespace Portal.Shell.Health;

/// <summary>
/// <c>/healthz</c> answers whether the process serves requests and reaches its database (liveness);
/// <c>/healthz/ready</c> adds whether the jobs keep up, the outbox drains and Redis answers when configured
/// (readiness), as JSON, 503 when not.
/// </summary>
public static class Readiness
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services, IConfiguration config)
    {
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: [LiveTag, ReadyTag])
            .AddCheck<JobsHealthCheck>("jobs", tags: [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [ReadyTag]);
        // Without Redis another instance would miss this one's chat messages and presence: not ready.
        if (ScaleOut.PortalRedis.IsConfigured(config)) checks.AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag) || !c.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync });
        return app;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>{ "status": "Healthy", "checks": { "database": { "status", "description", "durationMs", "data" } … } }</summary>
    public static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }

    internal static string Iso(DateTime? utc) => utc?.ToString("O", CultureInfo.InvariantCulture) ?? "never";
}

/// <summary>Every job succeeded recently enough for its interval (<see cref="JobStatus.IsHealthy"/>).</summary>
public sealed class JobsHealthCheck(JobAdmin jobs, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var all = await jobs.ListAsync(ct);
        var data = all.ToDictionary(j => j.Schedule.Name, j => (object)new
        {
            healthy = j.IsHealthy(now),
            interval = j.Schedule.Interval.ToString("c", CultureInfo.InvariantCulture),
            lastRunUtc = Readiness.Iso(j.State.LastRunFinishedUtc),
            lastSuccessUtc = Readiness.Iso(j.State.LastSuccessUtc),
            lastError = j.State.LastError,
        });
        var late = all.Where(j => !j.IsHealthy(now)).Select(j => j.Schedule.Name).ToList();
        return late.Count == 0
            ? HealthCheckResult.Healthy($"All {all.Count} jobs succeeded within their intervals.", data)
            : HealthCheckResult.Unhealthy($"No recent success: {string.Join(", ", late)}.", data: data);
    }
}

/// <summary>
/// The outbox drains: at most <c>Health:MaxOutboxBacklog</c> (1000) messages wait, and none longer than
/// <c>Health:MaxOutboxAgeMinutes</c> (15).
/// </summary>
public sealed class OutboxHealthCheck(OutboxAdmin outbox, IConfiguration config) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var maxBacklog = config.GetValue("Health:MaxOutboxBacklog", 1000);
        var maxAge = TimeSpan.FromMinutes(config.GetValue("Health:MaxOutboxAgeMinutes", 15.0));
        var backlog = await outbox.BacklogCountAsync(ct);
        var oldest = await outbox.OldestPendingAgeAsync(ct);
        var deadLetters = await outbox.DeadLetterCountAsync(ct);
        var data = new Dictionary<string, object>
        {
            ["pending"] = backlog,
            ["oldestPendingSeconds"] = oldest is { } age ? Math.Round(age.TotalSeconds) : 0,
            ["deadLetters"] = deadLetters,
            ["maxBacklog"] = maxBacklog,
            ["maxAgeMinutes"] = maxAge.TotalMinutes,
        };
        if (backlog > maxBacklog)
            return HealthCheckResult.Unhealthy($"{backlog} messages wait for delivery (more than {maxBacklog}).", data: data);
        if (oldest > maxAge)
            return HealthCheckResult.Unhealthy($"The oldest pending message has waited {oldest.Value.TotalMinutes:0} minutes (more than {maxAge.TotalMinutes:0}).", data: data);
        return HealthCheckResult.Healthy($"{backlog} messages wait for delivery.", data);
    }
}

/// <summary>Redis answers a PING (the backplane, presence and rate limits depend on it).</summary>
public sealed class RedisHealthCheck(StackExchange.Redis.IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(5), ct);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.0} ms.",
                new Dictionary<string, object> { ["latencyMs"] = Math.Round(latency.TotalMilliseconds, 1) });
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", e);
        }
    }
}
