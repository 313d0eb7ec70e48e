using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Customers;
using Portal.Shell.Api;

namespace Portal.Tests.Api;

public class IdempotencyKeyTests
{
    [Fact]
    public async Task WithIdempotencyKey_documents_an_optional_Idempotency_Key_header()
    {
        // No endpoint awards or spends yet, so a throwaway app shows what the convention adds.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenApi(ApiOpenApi.Configure);
        await using var app = builder.Build();
        app.MapPost("/api/customer-id/spend", () => TypedResults.Ok()).WithSummary("Spends.").WithIdempotencyKey();
        app.MapPost("/api/customer-id/look", () => TypedResults.Ok()).WithSummary("Looks.");
        app.MapOpenApi("/openapi/{documentName}.json");
        await app.StartAsync();
        using var client = app.GetTestClient();

        var paths = (await (await client.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");

        var header = Assert.Single(paths.GetProperty("/api/customer-id/spend").GetProperty("post").GetProperty("parameters").EnumerateArray());
        Assert.Equal(ApiOpenApi.IdempotencyKeyHeader, header.GetProperty("name").GetString());
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.False(paths.GetProperty("/api/customer-id/look").GetProperty("post").TryGetProperty("parameters", out _));
    }
}
