using System.Net;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Portal.Shell.Api;

/// <summary>
/// The rate limits (<c>RateLimits:*</c>). Sign-in is limited per IP (the <c>auth</c> policy on the sign-in, register and
/// reset forms and the API login; networks in <c>AuthTrustedNetworks</c>, e.g. an app's back end, are exempt) and,
/// separately, per account (<see cref="SignInLimiter"/>), so a back end signing many people in from one address
/// is not throttled as one. Calls with an integration key are limited per key. Every 429 carries <c>Retry-After</c>
/// (seconds); under /api its body is a problem with code <c>too_many_requests</c>, on pages the localized error page.
/// With <c>ConnectionStrings:Redis</c> set the windows are counted in Redis, so the limits hold across instances.
/// </summary>
public static class PortalRateLimits
{
    public const string Auth = "auth";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var perIp = config.GetValue("RateLimits:AuthPermitsPerMinute", 30);
        var perKey = config.GetValue("RateLimits:IntegrationKeyPermitsPerMinute", 600);
        var trusted = (config.GetSection("RateLimits:AuthTrustedNetworks").Get<string[]>() ?? []).Select(IPNetwork.Parse).ToList();
        services.AddSingleton<SignInLimiter>();
        services.AddSingleton<FixedWindows>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                SetRetryAfter(context.HttpContext.Response, FixedWindows.RetryAfter(context.Lease));
                return ValueTask.CompletedTask;
            };
            // Only attempts count (POST); showing the form is free.
            o.AddPolicy(Auth, ctx =>
            {
                var ip = ctx.Connection.RemoteIpAddress ?? IPAddress.Loopback;
                return HttpMethods.IsPost(ctx.Request.Method) && !trusted.Any(n => n.Contains(ip))
                    ? Windows(ctx).Partition("auth:" + ip, perIp, TimeSpan.FromMinutes(1))
                    : RateLimitPartition.GetNoLimiter("");
            });
            // Shops and tills: each integration key has its own allowance (keyed by a hash, never the key itself).
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ctx.Request.Path.StartsWithSegments("/api") && ctx.Request.Headers[Portal.Loyalty.IntegrationKeyAuthentication.Header].FirstOrDefault() is { Length: > 0 } key
                    ? Windows(ctx).Partition("key:" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), perKey, TimeSpan.FromMinutes(1))
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    private static FixedWindows Windows(HttpContext http) => http.RequestServices.GetRequiredService<FixedWindows>();

    /// <summary>
    /// A 429 that did not say when to come back (a feature's own refusal, e.g. phone codes with their retryAt in the body)
    /// gets a minute.
    /// </summary>
    public static IApplicationBuilder UseRetryAfterOnEvery429(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode == StatusCodes.Status429TooManyRequests && !http.Response.Headers.ContainsKey("Retry-After"))
                    SetRetryAfter(http.Response, TimeSpan.FromMinutes(1));
                return Task.CompletedTask;
            });
            return next(http);
        });

    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The API's 429: a problem with <c>Retry-After</c>.</summary>
    public static IResult TooManyRequests(HttpContext http, TimeSpan wait)
    {
        SetRetryAfter(http.Response, wait);
        var s = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, ApiProblems.Codes.TooManyRequests, s["Too many attempts"], s["Please wait a minute and try again."]);
    }
}

/// <summary>
/// Sign-in attempts per account (<c>RateLimits:SignInPerAccountPerMinute</c>, 10 by default), whatever address they
/// come from: it slows guessing spread over many addresses, which the per-IP limit cannot see.
/// </summary>
public sealed class SignInLimiter(IConfiguration config, FixedWindows windows) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        windows.Partition("sign-in:" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(account))), config.GetValue("RateLimits:SignInPerAccountPerMinute", 10), TimeSpan.FromMinutes(1)),
        StringComparer.Ordinal);

    /// <summary>Counts an attempt for <paramref name="email"/>; null when allowed, else how long to wait.</summary>
    public async ValueTask<TimeSpan?> AttemptAsync(string email)
    {
        using var lease = await _limiter.AcquireAsync(email.Trim().ToUpperInvariant());
        return lease.IsAcquired ? null : FixedWindows.RetryAfter(lease);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Fixed-window limiters in this process, or in Redis when it is configured (RedisRateLimiting: one Lua script per
/// attempt, so every instance counts against the same window).
/// </summary>
public sealed class FixedWindows(IServiceProvider services)
{
    private readonly StackExchange.Redis.IConnectionMultiplexer? _redis = services.GetService<StackExchange.Redis.IConnectionMultiplexer>();

    public RateLimitPartition<string> Partition(string key, int permits, TimeSpan window) => _redis is { } redis
        ? RedisRateLimiting.RedisRateLimitPartition.GetFixedWindowRateLimiter("portal:rl:" + key, _ => new RedisRateLimiting.RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            PermitLimit = permits,
            Window = window,
        })
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window });

    /// <summary>The lease's wait: a TimeSpan in memory, whole seconds from Redis; a minute when neither says.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)) return wait;
        if (lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var raw) && raw is int seconds) return TimeSpan.FromSeconds(Math.Max(1, seconds));
        return TimeSpan.FromMinutes(1);
    }
}
