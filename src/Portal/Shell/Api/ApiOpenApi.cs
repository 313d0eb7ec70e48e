using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Shell.Api;

/// <summary>The OpenAPI document at /openapi/v1.json: info, the bearer scheme, and conventions shared by endpoints.</summary>
public static class ApiOpenApi
{
    public const string BearerSchemeId = "Bearer";
    public const string ApiKeySchemeId = "IntegrationKey";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CustomerPortal API";
            document.Info.Description =
                "The Customer ID API for the mobile app. Sign in with POST /api/customer-id/auth/login and send the " +
                "accessToken as `Authorization: Bearer <token>`; renew it with /auth/refresh. Errors are RFC 7807 problem " +
                "details (application/problem+json) with a stable `code` and a `traceId`. Send `Accept-Language: ar` for Arabic messages.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerSchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from /api/customer-id/auth/login (opaque, not a JWT).",
            };
            document.Components.SecuritySchemes[ApiKeySchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Portal.Loyalty.IntegrationKeyAuthentication.Header,
                Description = "Shops and tills: an integration key made by staff at /staff/integrations (cpk_…).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var authorize = metadata.OfType<IAuthorizeData>().ToList();
            if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
            {
                var scheme = authorize.Any(a => a.Policy == Policies.Integration) ? ApiKeySchemeId : BearerSchemeId;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [],
                });
            }
            else operation.Security = []; // Anonymous: "security: []", so clients send no token.
            if (metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any())
                AddProblemResponse(operation, context.Document, StatusCodes.Status429TooManyRequests, "Too many attempts: wait for `Retry-After` seconds.");
            return Task.CompletedTask;
        });
        ApiOpenApiContract.Configure(options);
    }

    /// <summary>Adds a problem response for <paramref name="status"/> unless the operation already documents one.</summary>
    internal static void AddProblemResponse(OpenApiOperation operation, OpenApiDocument? document, int status, string description)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var existing))
        {
            if (existing is OpenApiResponse known && known.Description?.Contains(description, StringComparison.Ordinal) != true)
                known.Description = string.IsNullOrEmpty(known.Description) ? description : known.Description + ". " + description;
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(Microsoft.AspNetCore.Mvc.ProblemDetails), document) },
            },
        };
    }

    /// <summary>
    /// For POSTs that award or spend: honours the optional Idempotency-Key header (see <see cref="IdempotencyKeys"/>)
    /// and documents it.
    /// </summary>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(IdempotencyKeys.FilterAsync).AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeyHeader,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A unique value (a UUID) per intended action, kept for 24 hours. A retry with the same key gets the first answer back " +
                    "(with `Idempotent-Replayed: true`) instead of acting twice; the same key with a different request is `422 idempotency_key_reused`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeys.MaxKeyLength },
            });
            AddProblemResponse(operation, context.Document, StatusCodes.Status422UnprocessableEntity,
                $"A refusal, or `{IdempotencyKeys.ReusedCode}`: this Idempotency-Key was used for a different request.");
            ApiOpenApiContract.MarkReplayable(operation);
            return Task.CompletedTask;
        });
}
