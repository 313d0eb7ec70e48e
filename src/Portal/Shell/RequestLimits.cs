using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Shell.Api;

namespace Portal.Shell;

/// <summary>
/// Bodies over the limits are refused with 413, never a 500: the API says so as a problem before reading anything,
/// a page form over its limits gets the localized error page.
/// </summary>
public static class RequestLimits
{
    /// <summary>JSON bodies of the API: orders and tickets are kilobytes; anything near this is a mistake or abuse.</summary>
    public const long ApiMaxBodyBytes = 1024 * 1024;

    /// <summary>The status an exception that escaped a request stands for.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        // The form reader's limits (multipart length, value count and length): the form was too big, not broken.
        InvalidDataException e when e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => StatusCodes.Status413PayloadTooLarge,
        ValueProviderException { InnerException: InvalidDataException inner } when inner.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
            => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// Refuses a body over its endpoint's limit ([RequestSizeLimit], or <see cref="ApiMaxBodyBytes"/> for the API) by
    /// its Content-Length, before antiforgery or model binding read it: the API answers a 413 problem, a page the
    /// localized 413 error page (the status-code pages re-execute /error). Streamed API bodies are capped too.
    /// </summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var api = ApiCors.AnswersAsApi(http);
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? (api ? ApiMaxBodyBytes : null);
        if (limit is { } max)
        {
            if (http.Request.ContentLength > max)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                if (api) await ApiProblems.WriteAsync(http, new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge });
                return;
            }
            if (api && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        }
        await next(http);
    });
}
