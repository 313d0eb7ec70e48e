using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>
/// /openapi/v1.json is what app developers generate clients from (openapi-typescript, NSwag, Kiota): these are the
/// properties that make those clients clean and true to the server.
/// </summary>
public class OpenApiContractTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id";

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.NewApiClient();
        var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    /// <summary>The product plan's endpoints, at the paths the plan names.</summary>
    public static readonly TheoryData<string, string> PlannedEndpoints = new()
    {
        { "post", "/referral/generate" },
        { "get", "/referral/history" },
        { "get", "/referral/rewards" },
        { "get", "/offers/personalized" },
        { "post", "/offers/apply" },
        { "get", "/offers/history" },
        { "post", "/notifications/send" },
        { "get", "/notifications/preferences" },
        { "put", "/notifications/preferences" },
        { "get", "/notifications/history" },
        { "get", "/support/tickets" },
        { "post", "/support/tickets" },
        { "get", "/support/tickets/{id}" },
        { "put", "/support/tickets/{id}" },
        { "get", "/support/tickets/{id}/comments" },
        { "post", "/support/tickets/{id}/comments" },
        { "get", "/rewards/special-dates" },
        { "post", "/rewards/claim" },
        { "get", "/rewards/history" },
        { "get", "/security/status" },
        { "get", "/security/activity" },
        { "get", "/security/sessions" },
        { "delete", "/security/sessions/{id}" },
        // security/alerts comes with issue 15's fraud alerts.
        { "get", "/chat/availability" },
        { "post", "/chat" },
        { "post", "/chat/leave-message" },
        { "get", "/chat" },
        { "get", "/chat/{id}" },
        { "get", "/chat/{id}/messages" },
    };

    [Theory]
    [MemberData(nameof(PlannedEndpoints))]
    public async Task The_planned_endpoint_is_in_the_document(string method, string path)
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty(Api + path, out var item), $"{Api}{path} is not in the document");
        Assert.True(item.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {Api}{path} is not in the document");
    }

    [Fact]
    public async Task Integers_are_integers_never_strings()
    {
        var doc = await DocumentAsync();
        var unions = Schemas(doc).Where(s => Types(s).Contains("integer") && Types(s).Contains("string")).ToList();
        Assert.True(unions.Count == 0, $"{unions.Count} schemas are integer-or-string, e.g. {unions.FirstOrDefault()}");
        Assert.DoesNotContain(Schemas(doc), s => Types(s).Contains("integer") && s.TryGetProperty("pattern", out _));
    }

    [Fact]
    public async Task Every_date_time_is_a_string_and_every_enum_a_set_of_names()
    {
        var doc = await DocumentAsync();
        Assert.All(Schemas(doc).Where(s => s.TryGetProperty("format", out var f) && f.GetString() == "date-time"),
            s => Assert.Contains("string", Types(s)));
        Assert.All(Schemas(doc).Where(s => s.TryGetProperty("enum", out _)), s =>
        {
            Assert.All(s.GetProperty("enum").EnumerateArray(), v => Assert.Equal(JsonValueKind.String, v.ValueKind));
            Assert.Contains("string", Types(s));
        });
    }

    [Fact]
    public async Task Problem_details_carry_code_traceId_and_errors()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var problem = schemas.GetProperty("ProblemDetails");
        var properties = problem.GetProperty("properties");
        foreach (var name in new[] { "code", "traceId", "errors", "title", "status" }) Assert.True(properties.TryGetProperty(name, out _), name);
        Assert.Equal("array", properties.GetProperty("errors").GetProperty("additionalProperties").GetProperty("type").GetString());
        var required = problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("code", required);
        Assert.Contains("traceId", required);
    }

    [Fact]
    public async Task Anonymous_operations_say_security_is_not_needed_and_others_name_their_scheme()
    {
        var doc = await DocumentAsync();
        foreach (var path in new[] { "/auth/login", "/auth/refresh" })
        {
            var security = doc.GetProperty("paths").GetProperty(Api + path).GetProperty("post").GetProperty("security");
            Assert.Equal(0, security.GetArrayLength());
        }
        foreach (var (name, operation) in Operations(doc))
        {
            Assert.True(operation.TryGetProperty("security", out _), $"{name} has no security");
            Assert.True(operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{name} documents no success");
        }
        Assert.All(doc.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
        Assert.All(doc.GetProperty("tags").EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString())));
    }

    [Fact]
    public async Task Idempotent_operations_document_the_replay_header_and_the_reused_key()
    {
        var doc = await DocumentAsync();
        var idempotent = Operations(doc)
            .Where(o => o.Operation.TryGetProperty("parameters", out var ps) && ps.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key"))
            .ToList();
        Assert.Contains(idempotent, o => o.Name == "post " + Api + "/purchases/batch");
        Assert.Contains(idempotent, o => o.Name == "post " + Api + "/loyalty/redeem");
        foreach (var (name, operation) in idempotent)
        {
            var responses = operation.GetProperty("responses");
            Assert.Contains("idempotency_key_reused", responses.GetProperty("422").GetProperty("description").GetString());
            foreach (var success in responses.EnumerateObject().Where(r => r.Name.StartsWith('2')))
                Assert.True(success.Value.GetProperty("headers").TryGetProperty("Idempotent-Replayed", out _), name);
        }
        var tooMany = Operations(doc).SelectMany(o => o.Operation.GetProperty("responses").EnumerateObject()).Where(r => r.Name == "429").ToList();
        Assert.NotEmpty(tooMany);
        Assert.All(tooMany, r => Assert.True(r.Value.GetProperty("headers").TryGetProperty("Retry-After", out _)));
    }

    [Fact]
    public async Task Optional_request_fields_are_not_required_and_enums_have_no_null()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        foreach (var (schema, field) in new[] { ("PurchaseRequest", "channel"), ("PurchaseRequest", "offerCode"), ("PurchaseRequest", "currency"),
                     ("RefundRequest", "refundId"), ("RefundRequest", "amountMinor"), ("CreateTicketRequest", "priority") })
        {
            var required = schemas.GetProperty(schema).TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToList() : [];
            Assert.DoesNotContain(field, required);
            Assert.True(schemas.GetProperty(schema).GetProperty("properties").TryGetProperty(field, out _), $"{schema}.{field}");
        }
        foreach (var name in new[] { "PurchaseChannel", "RewardBlock" })
            Assert.DoesNotContain(schemas.GetProperty(name).GetProperty("enum").EnumerateArray(), v => v.ValueKind == JsonValueKind.Null);
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(o => (o.Name + " " + p.Name, o.Value)));

    private static List<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : [];

    /// <summary>Every schema object anywhere in the document.</summary>
    private static IEnumerable<JsonElement> Schemas(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out _) || element.TryGetProperty("format", out _) || element.TryGetProperty("enum", out _)) yield return element;
            foreach (var child in element.EnumerateObject().SelectMany(p => Schemas(p.Value))) yield return child;
        }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var child in element.EnumerateArray().SelectMany(Schemas)) yield return child;
    }
}
