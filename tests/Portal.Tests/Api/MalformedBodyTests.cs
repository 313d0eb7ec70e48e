using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>Who calls: the app signed in as a customer or as staff, a till with an integration key, or nobody.</summary>
public enum Caller { Anonymous, Customer, Staff, Till }

public sealed class MalformedBodyFactory : PortalFactory
{
    private Task<Dictionary<Caller, Action<HttpRequestHeaders>>>? _callers;

    public Task<Dictionary<Caller, Action<HttpRequestHeaders>>> CallersAsync() => _callers ??= SignInAsync();

    private async Task<Dictionary<Caller, Action<HttpRequestHeaders>>> SignInAsync()
    {
        using var api = this.NewApiClient();
        var customer = (await api.TokensAsync("customer@demo.local")).GetProperty("accessToken").GetString();
        var staff = (await api.TokensAsync("staff@demo.local")).GetProperty("accessToken").GetString();
        var key = await WithServiceAsync<(IntegrationKey, string)?, IntegrationKeys>(k => k.CreateAsync("Malformed bodies till", "Tester"));
        return new()
        {
            [Caller.Anonymous] = _ => { },
            [Caller.Customer] = h => h.Authorization = new AuthenticationHeaderValue("Bearer", customer),
            [Caller.Staff] = h => h.Authorization = new AuthenticationHeaderValue("Bearer", staff),
            [Caller.Till] = h => h.Add("X-Api-Key", key!.Value.Item2),
        };
    }
}

/// <summary>
/// Every POST/PUT under /api/customer-id that takes a body answers whatever is wrong with it — malformed JSON, no body,
/// a wrong type, an unknown or numeric enum, a date-time without offset, a missing field — with one shape:
/// 400 <c>validation_failed</c>, the field named in <c>errors</c>, words in the request's language, no .NET type names.
/// </summary>
public class MalformedBodyTests(MalformedBodyFactory factory) : IClassFixture<MalformedBodyFactory>
{
    private const string Api = "/api/customer-id";

    /// <summary>Every endpoint that reads a JSON body.</summary>
    public static readonly TheoryData<Caller, string, string> BodyEndpoints = new()
    {
        { Caller.Anonymous, "POST", "/auth/login" },
        { Caller.Anonymous, "POST", "/auth/refresh" },
        { Caller.Customer, "PUT", "/account" },
        { Caller.Customer, "POST", "/account/phone/verification" },
        { Caller.Customer, "POST", "/account/phone/verification/confirm" },
        { Caller.Customer, "POST", "/loyalty/redeem" },
        { Caller.Customer, "POST", "/rewards/claim" },
        { Caller.Customer, "POST", "/offers/apply" },
        { Caller.Customer, "PUT", "/notifications/preferences" },
        { Caller.Customer, "POST", "/notifications/push/subscriptions" },
        { Caller.Customer, "POST", "/support/tickets" },
        { Caller.Customer, "PUT", "/support/tickets/1" },
        { Caller.Customer, "POST", "/support/tickets/1/comments" },
        { Caller.Staff, "POST", "/notifications/send" },
        { Caller.Till, "POST", "/purchases" },
        { Caller.Till, "POST", "/purchases/batch" },
        { Caller.Till, "POST", "/purchases/ORDER-1/refund" },
    };

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Malformed_JSON_names_the_body(Caller caller, string method, string path)
    {
        var errors = await AssertValidationFailedAsync(caller, method, path, "{\"subject\": ", "$");
        Assert.Equal("The body is not valid JSON.", errors.GetProperty("$")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task An_empty_body_names_the_body(Caller caller, string method, string path)
    {
        var errors = await AssertValidationFailedAsync(caller, method, path, "", "$");
        Assert.Equal("Send a JSON object as the request body.", errors.GetProperty("$")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task A_JSON_array_instead_of_an_object_names_the_body(Caller caller, string method, string path) =>
        await AssertValidationFailedAsync(caller, method, path, "[1, 2]", "$");

    /// <summary>One row per field mistake: the body sent and the error key that must come back.</summary>
    public static readonly TheoryData<Caller, string, string, string, string> FieldMistakes = new()
    {
        // Wrong types.
        { Caller.Anonymous, "POST", "/auth/login", """{"email": 5, "password": "x"}""", "email" },
        { Caller.Anonymous, "POST", "/auth/login", """{"email": "a@b.c", "password": "x", "twoFactorCode": 123456}""", "twoFactorCode" },
        { Caller.Anonymous, "POST", "/auth/refresh", """{"refreshToken": {}}""", "refreshToken" },
        { Caller.Customer, "PUT", "/account", """{"displayName": "Sam", "birthDate": "31/01/2000", "preferredLanguage": "en"}""", "birthDate" },
        { Caller.Customer, "PUT", "/account", """{"displayName": ["Sam"]}""", "displayName" },
        { Caller.Customer, "POST", "/account/phone/verification", """{"phoneNumber": 501234567}""", "phoneNumber" },
        { Caller.Customer, "POST", "/account/phone/verification/confirm", """{"code": 123456}""", "code" },
        { Caller.Customer, "POST", "/loyalty/redeem", """{"rewardId": "abc"}""", "rewardId" },
        // Numbers are JSON numbers: "12" is refused.
        { Caller.Customer, "POST", "/loyalty/redeem", """{"rewardId": "12"}""", "rewardId" },
        { Caller.Customer, "POST", "/rewards/claim", """{"rewardId": true}""", "rewardId" },
        { Caller.Customer, "POST", "/offers/apply", """{"offerId": "12"}""", "offerId" },
        { Caller.Customer, "PUT", "/notifications/preferences", """{"topics": [{"topic": "Nope"}]}""", "topics[0].topic" },
        { Caller.Customer, "PUT", "/notifications/preferences", """{"topics": [{"topic": 3}]}""", "topics[0].topic" },
        { Caller.Customer, "PUT", "/notifications/preferences", """{"topics": [{"topic": "Offers", "channels": [{"channel": "Pigeon", "enabled": true}]}]}""", "topics[0].channels[0].channel" },
        { Caller.Customer, "PUT", "/notifications/preferences", """{"quietHours": {"enabled": true, "start": "25:99", "end": "07:00"}}""", "quietHours.start" },
        { Caller.Customer, "POST", "/notifications/push/subscriptions", """{"endpoint": 5}""", "endpoint" },
        { Caller.Customer, "POST", "/notifications/push/subscriptions", """{"endpoint": "https://push.example/x", "keys": "x"}""", "keys" },
        // Enums: names only.
        { Caller.Customer, "POST", "/support/tickets", """{"subject": "s", "description": "d", "category": 99}""", "category" },
        { Caller.Customer, "POST", "/support/tickets", """{"subject": "s", "description": "d", "category": "Nope"}""", "category" },
        { Caller.Customer, "POST", "/support/tickets", """{"subject": "s", "description": "d", "category": "Technical", "priority": 1}""", "priority" },
        { Caller.Customer, "PUT", "/support/tickets/1", """{"status": 4}""", "status" },
        { Caller.Customer, "PUT", "/support/tickets/1", """{"rating": "five"}""", "rating" },
        { Caller.Customer, "POST", "/support/tickets/1/comments", """{"body": ["hello"]}""", "body" },
        { Caller.Staff, "POST", "/notifications/send", """{"channels": "Email"}""", "channels" },
        { Caller.Staff, "POST", "/notifications/send", """{"topic": "Offers", "title": "Hello"}""", "title" },
        { Caller.Till, "POST", "/purchases", Purchase("\"channel\": 7"), "channel" },
        { Caller.Till, "POST", "/purchases", Purchase("\"channel\": \"Drone\""), "channel" },
        { Caller.Till, "POST", "/purchases", Purchase("\"lines\": [{\"category\": \"Grocery\", \"quantity\": \"2\", \"amountMinor\": 100}]"), "lines[0].quantity" },
        { Caller.Till, "POST", "/purchases", Purchase("\"lines\": [{\"category\": \"Grocery\", \"quantity\": 1, \"amountMinor\": 12.5}]"), "lines[0].amountMinor" },
        // A date-time without an offset is not guessed.
        { Caller.Till, "POST", "/purchases", Purchase("\"occurredAt\": \"2026-01-01T10:00:00\""), "occurredAt" },
        { Caller.Till, "POST", "/purchases/batch", """{"purchases": [{"channel": "Drone"}]}""", "purchases[0].channel" },
        { Caller.Till, "POST", "/purchases/ORDER-1/refund", """{"amountMinor": "100"}""", "amountMinor" },
        // Missing fields the handler needs.
        { Caller.Anonymous, "POST", "/auth/login", """{"password": "x"}""", "email" },
        { Caller.Anonymous, "POST", "/auth/refresh", "{}", "refreshToken" },
        { Caller.Customer, "POST", "/loyalty/redeem", "{}", "rewardId" },
        { Caller.Customer, "POST", "/rewards/claim", "{}", "rewardId" },
        { Caller.Customer, "POST", "/support/tickets", """{"subject": "s", "description": "d"}""", "category" },
        { Caller.Till, "POST", "/purchases", """{"customerId": "1234567890", "orderId": "A-1", "lines": [{"category": "Grocery", "quantity": 1, "amountMinor": 100}]}""", "occurredAt" },
        { Caller.Till, "POST", "/purchases/batch", "{}", "purchases" },
    };

    [Theory]
    [MemberData(nameof(FieldMistakes))]
    public async Task A_field_mistake_names_the_field(Caller caller, string method, string path, string body, string field) =>
        await AssertValidationFailedAsync(caller, method, path, body, field);

    [Fact]
    public async Task Refusals_speak_Arabic_and_list_the_enum_names()
    {
        var en = await AssertValidationFailedAsync(Caller.Customer, "POST", "/support/tickets", """{"subject": "s", "description": "d", "category": 99}""", "category");
        Assert.Equal("Use one of: Account, Loyalty, Orders, Technical, Other.", en.GetProperty("category")[0].GetString());

        var ar = await AssertValidationFailedAsync(Caller.Customer, "POST", "/support/tickets", """{"subject": "s", "description": "d", "category": 99}""", "category", "ar");
        var message = ar.GetProperty("category")[0].GetString()!;
        Assert.Contains("Technical", message);
        Assert.Matches(@"\p{IsArabic}", message);
        var offset = await AssertValidationFailedAsync(Caller.Till, "POST", "/purchases", Purchase("\"occurredAt\": \"2026-01-01T10:00:00\""), "occurredAt", "ar");
        Assert.Matches(@"\p{IsArabic}", offset.GetProperty("occurredAt")[0].GetString()!);
    }

    [Fact]
    public async Task A_query_value_that_does_not_bind_is_named_too()
    {
        var callers = await factory.CallersAsync();
        using var api = factory.NewApiClient();
        var request = new HttpRequestMessage(HttpMethod.Get, Api + "/loyalty/history?take=many");
        callers[Caller.Customer](request.Headers);
        var problem = await (await api.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Give a whole number.", problem.GetProperty("errors").GetProperty("take")[0].GetString());
    }

    [Fact]
    public async Task A_purchase_with_an_offset_is_read_in_UTC()
    {
        var callers = await factory.CallersAsync();
        using var api = factory.NewApiClient();
        var customerId = await factory.WithServiceAsync<string, Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Customers.PortalUser>>(async users =>
            (await users.FindByEmailAsync("customer@demo.local"))!.CustomerNumber);
        var at = DateTimeOffset.UtcNow.AddHours(-2).ToOffset(TimeSpan.FromHours(3));
        var request = new HttpRequestMessage(HttpMethod.Post, Api + "/purchases")
        {
            Content = JsonContent.Create(new
            {
                customerId, orderId = "OFFSET-" + Guid.NewGuid().ToString("N")[..8], occurredAt = at.ToString("yyyy-MM-ddTHH:mm:sszzz"),
                lines = new[] { new { category = "Grocery", quantity = 1, amountMinor = 1000 } },
            }),
        };
        callers[Caller.Till](request.Headers);
        var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recordedAt = (await response.JsonAsync()).GetProperty("recordedAt").GetString()!;
        Assert.EndsWith("Z", recordedAt);
    }

    private static string Purchase(string replace)
    {
        var fields = new Dictionary<string, string>
        {
            ["customerId"] = "\"customerId\": \"1234567890\"",
            ["orderId"] = "\"orderId\": \"A-1\"",
            ["occurredAt"] = "\"occurredAt\": \"2026-01-01T10:00:00+03:00\"",
            ["channel"] = "\"channel\": \"Store\"",
            ["lines"] = "\"lines\": [{\"category\": \"Grocery\", \"quantity\": 1, \"amountMinor\": 100}]",
        };
        var name = replace[1..replace.IndexOf('"', 1)];
        fields[name] = replace;
        return "{" + string.Join(", ", fields.Values) + "}";
    }

    private async Task<JsonElement> AssertValidationFailedAsync(Caller caller, string method, string path, string body, string field, string? language = null)
    {
        var callers = await factory.CallersAsync();
        using var api = factory.NewApiClient();
        var request = new HttpRequestMessage(new HttpMethod(method), Api + path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        callers[caller](request.Headers);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} {body}: {(int)response.StatusCode} {text}");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{method} {path} {body}: no error for '{field}' in {errors}");
        Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        Assert.DoesNotContain("Portal.", text);
        Assert.DoesNotContain("System.", text);
        return errors;
    }
}
