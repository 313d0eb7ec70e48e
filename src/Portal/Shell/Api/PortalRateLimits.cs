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
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                SetRetryAfter(context.HttpContext.Response, wait);
                return ValueTask.CompletedTask;
            };
            // Only attempts count (POST); showing the form is free.
            o.AddPolicy(Auth, ctx =>
            {
                var ip = ctx.Connection.RemoteIpAddress ?? IPAddress.Loopback;
                return HttpMethods.IsPost(ctx.Request.Method) && !trusted.Any(n => n.Contains(ip))
                    ? RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions { PermitLimit = perIp, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter(IPAddress.None);
            });
            // Shops and tills: each integration key has its own allowance (keyed by a hash, never the key itself).
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ctx.Request.Path.StartsWithSegments("/api") && ctx.Request.Headers[Portal.Loyalty.IntegrationKeyAuthentication.Header].FirstOrDefault() is { Length: > 0 } key
                    ? RateLimitPartition.GetFixedWindowLimiter("key:" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perKey, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

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
public sealed class SignInLimiter(IConfiguration config) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = config.GetValue("RateLimits:SignInPerAccountPerMinute", 10),
            Window = TimeSpan.FromMinutes(1),
        }), StringComparer.Ordinal);

    /// <summary>Counts an attempt for <paramref name="email"/>; null when allowed, else how long to wait.</summary>
    public TimeSpan? Attempt(string email)
    {
        using var lease = _limiter.AttemptAcquire(email.Trim().ToUpperInvariant());
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
