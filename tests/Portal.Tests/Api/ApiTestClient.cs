using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>What the mobile app does: JSON in and out, a bearer token, no cookies.</summary>
public static class ApiTestClient
{
    public const string Login = "/api/customer-id/auth/login";
    public const string Refresh = "/api/customer-id/auth/refresh";
    public const string Me = "/api/customer-id/me";

    public static HttpClient NewApiClient(this PortalFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = factory.ClientOptions.BaseAddress });

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient api, string email, string password,
        string? twoFactorCode = null, string? twoFactorRecoveryCode = null) =>
        api.PostAsJsonAsync(Login, new { email, password, twoFactorCode, twoFactorRecoveryCode });

    /// <summary>Signs in and returns the token response, failing the test if sign-in fails.</summary>
    public static async Task<JsonElement> TokensAsync(this HttpClient api, string email, string password = PortalClient.DemoPassword)
    {
        var response = await api.LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public static Task<HttpResponseMessage> GetWithTokenAsync(this HttpClient api, string url, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return api.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 problem with our conventions and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("code").GetString()));
        if (code is not null) Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    /// <summary>A fresh customer of the test's own, so lockouts and 2FA do not touch the demo accounts.</summary>
    public static async Task<PortalUser> NewCustomerAsync(this PortalFactory factory, string password = PortalClient.DemoPassword)
    {
        var email = $"api-{Guid.NewGuid():N}@test.local";
        var (result, user) = await factory.WithServiceAsync<(Microsoft.AspNetCore.Identity.IdentityResult, PortalUser?), CustomerRegistration>(r =>
            r.RegisterAsync(new NewCustomer("Api Tester", email, password, null, null, Languages.English)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user!;
    }
}
