using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Portal.Shell.Api;

/// <summary>
/// The one mapping from API failures to RFC 7807 problem details. Every problem carries a stable
/// <c>code</c> (what the app switches on), a <c>traceId</c> (what support asks for), and a title and
/// detail in the request's language (what the app may show as is).
/// </summary>
public static class ApiProblems
{
    /// <summary>Values of the <c>code</c> extension. Clients rely on them: add, never rename.</summary>
    public static class Codes
    {
        public const string BadRequest = "bad_request";
        public const string ValidationFailed = "validation_failed";
        public const string Unauthorized = "unauthorized";
        public const string Forbidden = "forbidden";
        public const string NotFound = "not_found";
        public const string MethodNotAllowed = "method_not_allowed";
        public const string UnsupportedMediaType = "unsupported_media_type";
        public const string PayloadTooLarge = "payload_too_large";
        public const string TooManyRequests = "too_many_requests";
        public const string ServerError = "server_error";

        public const string InvalidCredentials = "invalid_credentials";
        public const string LockedOut = "locked_out";
        public const string NotAllowed = "not_allowed";
        public const string TwoFactorRequired = "two_factor_required";
        public const string InvalidTwoFactorCode = "invalid_two_factor_code";
        public const string InvalidRecoveryCode = "invalid_recovery_code";
        public const string InvalidRefreshToken = "invalid_refresh_token";
        public const string SessionEnded = "session_ended";

        public const string UnknownCustomer = "unknown_customer";
        public const string OrderIdConflict = "order_id_conflict";
        public const string OrderNotFound = "order_not_found";
        public const string RefundExceedsPurchase = "refund_exceeds_purchase";
        public const string InsufficientPoints = "insufficient_points";
        public const string OutOfStock = "out_of_stock";
        public const string TierTooLow = "tier_too_low";
        public const string RewardNotFound = "reward_not_found";
        public const string RewardNotAvailable = "reward_not_available";
        public const string TicketClosed = "ticket_closed";
        public const string InvalidTransition = "invalid_transition";
        public const string AlreadyRated = "already_rated";
        public const string NotResolved = "not_resolved";
    }

    public const string CodeKey = "code";
    public const string TraceIdKey = "traceId";

    private sealed record Generic(string Code, string FrameworkTitle, string Title, string? Detail);

    // FrameworkTitle: what ASP.NET Core fills in when nobody chose a title; only those are replaced.
    private static readonly Dictionary<int, Generic> ByStatus = new()
    {
        [400] = new(Codes.BadRequest, "Bad Request", "Something is wrong with the request", null),
        [401] = new(Codes.Unauthorized, "Unauthorized", "Sign-in required", "Sign in to continue."),
        [403] = new(Codes.Forbidden, "Forbidden", "Not allowed", "You do not have access to this."),
        [404] = new(Codes.NotFound, "Not Found", "Not found", "We could not find what you asked for."),
        [405] = new(Codes.MethodNotAllowed, "Method Not Allowed", "Not supported", null),
        [413] = new(Codes.PayloadTooLarge, "Payload Too Large", "The request is larger than allowed", "Send a smaller request body."),
        [415] = new(Codes.UnsupportedMediaType, "Unsupported Media Type", "Not supported", null),
        [429] = new(Codes.TooManyRequests, "Too Many Requests", "Too many attempts", "Please wait a minute and try again."),
        [500] = new(Codes.ServerError, "An error occurred while processing your request.", "Something went wrong", "Please try again in a moment."),
    };

    private const string FrameworkValidationTitle = "One or more validation errors occurred.";

    public static void Configure(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context => Describe(context.ProblemDetails, context.HttpContext);

    /// <summary>Fills in code, traceId and the localized generic title/detail. Safe to run twice.</summary>
    internal static void Describe(ProblemDetails problem, HttpContext http)
    {
        problem.Status ??= http.Response.StatusCode;
        var s = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (problem is HttpValidationProblemDetails)
        {
            if (problem.Title is null or FrameworkValidationTitle) problem.Title = s["Some values are not valid."];
            problem.Extensions.TryAdd(CodeKey, Codes.ValidationFailed);
        }
        else if (ByStatus.TryGetValue(problem.Status.Value, out var generic))
        {
            if (problem.Title is null || problem.Title == generic.FrameworkTitle)
            {
                problem.Title = s[generic.Title];
                if (problem.Detail is null && generic.Detail is not null) problem.Detail = s[generic.Detail];
            }
            problem.Extensions.TryAdd(CodeKey, generic.Code);
        }
        problem.Extensions.TryAdd(TraceIdKey, Activity.Current?.Id ?? http.TraceIdentifier);
    }

    /// <summary>A problem of our own: a stable <paramref name="code"/> plus localized words.</summary>
    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { [CodeKey] = code },
        });

    /// <summary>400 with the failing fields; <paramref name="errors"/> keys are the camelCase JSON names.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    /// <summary>
    /// Writes <paramref name="problem"/> as application/problem+json whatever the Accept header says:
    /// an API client that gets an error always gets a problem.
    /// </summary>
    public static Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        Describe(problem, http);
        return TypedResults.Problem(problem).ExecuteAsync(http);
    }

    /// <summary>For <c>UseStatusCodePages</c>: empty 401/403/404/405/429… responses under /api become problems.</summary>
    public static Task WriteStatusCodeAsync(StatusCodeContext context) =>
        WriteAsync(context.HttpContext, new ProblemDetails { Status = context.HttpContext.Response.StatusCode });

    /// <summary>Documents the problem responses an endpoint (or a group) can give.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statusCodes) builder.ProducesProblem(status);
        return builder;
    }
}

/// <summary>
/// Unhandled exceptions under /api become problem details (pages keep the /error page). The exception text
/// reaches the client only in Development.
/// </summary>
public sealed class ApiExceptionHandler(IHostEnvironment env, ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed Request.Path at the /error page; the feature keeps the original.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path;
        if (!new PathString(path).StartsWithSegments("/api")) return false;
        // The culture the localization middleware chose was set further in; the error speaks the request's language too.
        if (http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture is { } culture)
        {
            System.Globalization.CultureInfo.CurrentCulture = culture.Culture;
            System.Globalization.CultureInfo.CurrentUICulture = culture.UICulture;
        }
        // Malformed JSON, a wrong type, no body, a query value that does not bind (RouteHandlerOptions.ThrowOnBadRequest).
        var status = RequestLimits.StatusFor(exception);
        if (exception is BadHttpRequestException badRequest
            && ApiBadRequests.Errors(http, badRequest, http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()) is { } errors)
        {
            log.LogInformation("Bad request on {Method} {Path}: {Reason}", http.Request.Method, path, exception.InnerException?.Message ?? exception.Message);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await ApiProblems.WriteAsync(http, new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest });
            return true;
        }
        // Handled exceptions are not logged by the middleware (.NET 10), so log here.
        if (status >= 500) log.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, path);
        else log.LogInformation(exception, "Bad request on {Method} {Path}", http.Request.Method, path);
        await ApiProblems.WriteAsync(http, new ProblemDetails
        {
            Status = status,
            // Development only: the reason a request was bad (which JSON was wrong), or the full exception.
            Detail = !env.IsDevelopment() ? null
                : exception is BadHttpRequestException ? exception.InnerException?.Message ?? exception.Message
                : exception.ToString(),
        });
        return true;
    }
}
