using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Shell.Api;

/// <summary>
/// Makes /openapi/v1.json say what the server does, so generated clients are clean: the problem fields every error
/// carries, headers on replays and 429s, optional request fields not required, enums without a stray null, tag
/// descriptions, a server URL without a trailing slash.
/// </summary>
public static class ApiOpenApiContract
{
    public const string RetryAfterHeader = "Retry-After";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Sign-in"] = "Bearer tokens for the app: sign in, renew. No token needed.",
        ["Customer ID"] = "The signed-in customer's profile and Customer ID.",
        ["Account"] = "The customer's own details, phone verification, data export and account deletion.",
        ["Loyalty"] = "Tier, points, points history, the rewards catalog and redemption.",
        ["Purchases (shops and tills)"] = "For shops and tills with an integration key: purchases and refunds that award and take back points.",
        ["Support tickets"] = "The customer's support tickets and their conversation.",
        ["Notifications"] = "Preferences, delivery history, the in-app inbox, web push, and staff sends.",
        ["Offers"] = "Personalized offers, activating a single-use code, and the codes' history.",
        ["Referrals"] = "The customer's referral code, the friends they invited and what they earned.",
        ["Special dates"] = "Birthday and anniversary rewards: dates, claiming, history.",
        ["Segments"] = "The customer's segment and what moves them up.",
        ["Analytics"] = "The customer's spending figures and trends.",
        ["Security"] = "The account's security status, recent activity, fraud alerts and its signed-in sessions and apps.",
        ["Live chat"] = "Start a chat with support, leave a message when no agent is online, list chats and read transcripts. Live messages go over the SignalR hub /hubs/chat with the same bearer token.",
        ["Reward codes (shops and tills)"] = "For tills with an integration key: look up a customer's reward code and mark it used.",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (typeof(ProblemDetails).IsAssignableFrom(type)) DescribeProblem(schema);
            // ApiJson's own converters hide what they read; say it again: an ISO 8601 string (with its offset).
            if ((Nullable.GetUnderlyingType(type) ?? type) is var plain && (plain == typeof(DateTime) || plain == typeof(DateTimeOffset)) && schema.Type is null)
            {
                schema.Type = Nullable.GetUnderlyingType(type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Format = "date-time";
            }
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            foreach (var server in document.Servers ?? [])
                if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                if (tag.Name is { } name && tag.Description is null && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
            var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
            foreach (var schema in schemas.Values.OfType<OpenApiSchema>()) DropNullFromEnum(schema);
            foreach (var name in RequestOnlySchemas(document)) if (schemas.TryGetValue(name, out var s) && s is OpenApiSchema request) OptionalWhenNullable(request);
            foreach (var operation in Operations(document))
                foreach (var (status, response) in operation.Responses ?? [])
                    if (status == "429" && response is OpenApiResponse tooMany)
                    {
                        tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        tooMany.Headers.TryAdd(RetryAfterHeader, new OpenApiHeader
                        {
                            Description = "Seconds to wait before trying again.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                        });
                    }
            return Task.CompletedTask;
        });
    }

    /// <summary>Every success of an operation that honours Idempotency-Key may be a replay.</summary>
    internal static void MarkReplayable(OpenApiOperation operation)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!status.StartsWith('2') || response is not OpenApiResponse success) continue;
            success.Headers ??= new Dictionary<string, IOpenApiHeader>();
            success.Headers.TryAdd(IdempotencyKeys.ReplayedHeader, new OpenApiHeader
            {
                Description = "`true` when this is the stored answer to an earlier request with the same key (or order or refund id); nothing was done again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")!] },
            });
        }
    }

    private static void DescribeProblem(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties[ApiProblems.CodeKey] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Stable and machine-readable (validation_failed, insufficient_points…): switch on this, not on the words.",
        };
        schema.Properties[ApiProblems.TraceIdKey] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it to support." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "For validation_failed: messages per field, keyed by the JSON path without `$.` (`lines[0].quantity`; `$` is the whole body).",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Required = new HashSet<string> { "status", "title", ApiProblems.CodeKey, ApiProblems.TraceIdKey };
    }

    /// <summary>A component shared by nullable and plain uses gets null in its enum; the nullable use already says so.</summary>
    private static void DropNullFromEnum(OpenApiSchema schema)
    {
        if (schema.Enum is not { Count: > 0 } values) return;
        schema.Enum = values.Where(v => v is not null).ToList();
        schema.Type = schema.Type is { } type ? type & ~JsonSchemaType.Null : JsonSchemaType.String; // Names only, so strings.
    }

    /// <summary>In a request, a nullable field may be left out (the handler says when it is needed).</summary>
    private static void OptionalWhenNullable(OpenApiSchema schema)
    {
        if (schema.Required is not { Count: > 0 } required || schema.Properties is null) return;
        foreach (var (name, property) in schema.Properties)
            if (AllowsNull(property)) required.Remove(name);
    }

    private static bool AllowsNull(IOpenApiSchema schema) =>
        schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)
        || (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(AllowsNull);

    private static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []);

    /// <summary>Component schemas reached from request bodies and never from a response.</summary>
    private static IEnumerable<string> RequestOnlySchemas(OpenApiDocument document)
    {
        var requests = new HashSet<string>();
        var responses = new HashSet<string>();
        foreach (var operation in Operations(document))
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? []) Reach(media.Schema, document, requests);
            foreach (var response in (operation.Responses ?? []).Values)
                foreach (var media in response.Content?.Values ?? []) Reach(media.Schema, document, responses);
        }
        return requests.Except(responses);
    }

    private static void Reach(IOpenApiSchema? schema, OpenApiDocument document, HashSet<string> seen)
    {
        if (schema is null) return;
        if (schema is OpenApiSchemaReference reference)
        {
            if (reference.Reference.Id is not { } id || !seen.Add(id)) return;
            if (document.Components?.Schemas?.TryGetValue(id, out var target) == true) Reach(target, document, seen);
            return;
        }
        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
            Reach(child, document, seen);
        Reach(schema.Items, document, seen);
        Reach(schema.AdditionalProperties, document, seen);
    }
}
