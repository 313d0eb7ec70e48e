using Portal.Chat;

namespace Portal.Shell.Api;

/// <summary>
/// Cross-origin use of the API (and of the chat hub by apps with a token): only from <c>Api:CorsOrigins</c> (none by
/// default), never with credentials, so a browser never sends the site's cookie along; the API reads bearer tokens
/// only anyway. Preflights are cached for an hour.
/// </summary>
public static class ApiCors
{
    public const string Policy = "api";
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(1);

    /// <summary>Requests answered the API's way: problems instead of pages, CORS instead of none.</summary>
    public static bool AnswersAsApi(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || ChatHubAuthentication.IsBearer(http.Request);

    public static IServiceCollection AddApiCors(this IServiceCollection services, IConfiguration config)
    {
        var origins = (config.GetSection("Api:CorsOrigins").Get<string[]>() ?? [])
            .Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
        services.AddCors(o => o.AddPolicy(Policy, p => p
            .WithOrigins(origins)
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders("Location", "Retry-After", IdempotencyKeys.ReplayedHeader, "WWW-Authenticate")
            .SetPreflightMaxAge(PreflightMaxAge)));
        return services;
    }

    public static IApplicationBuilder UseApiCors(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api") || c.Request.Path.StartsWithSegments(ChatHub.Path),
            api => api.UseCors(Policy));
}
