using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

/// <summary>A signed-in browser whose cookies can be read, so a test can copy them to another client.</summary>
public sealed class Browser(PortalClient client, CookieContainer cookies, Uri baseAddress) : IDisposable
{
    public PortalClient Client { get; } = client;
    public string CookieHeader => cookies.GetCookieHeader(baseAddress);
    public void Dispose() => Client.Dispose();
}

public static class SecurityTestKit
{
    public static async Task<Browser> SignedInBrowserAsync(this PortalFactory factory, string email, string password = AccountTestKit.Password, string? userAgent = null)
    {
        var cookies = new CookieContainer();
        var http = factory.CreateDefaultClient(factory.ClientOptions.BaseAddress, new CookieContainerHandler(cookies));
        if (userAgent is not null) http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        var client = new PortalClient(http);
        await client.SignInAsync(email, password);
        return new Browser(client, cookies, factory.ClientOptions.BaseAddress);
    }

    /// <summary>Someone else's client presenting a copy of <paramref name="cookieHeader"/>.</summary>
    public static async Task<HttpResponseMessage> GetWithCookieAsync(this PortalFactory factory, string url, string cookieHeader)
    {
        using var http = factory.CreateDefaultClient(factory.ClientOptions.BaseAddress);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookieHeader);
        return await http.SendAsync(request);
    }

    public static void AssertSignedOut(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    /// <summary>Posts the form of the session row <paramref name="sessionRowSelector"/> (or another form) on /security.</summary>
    public static async Task<HttpResponseMessage> PostOnSecurityPageAsync(this PortalClient client, string formSelector)
    {
        var page = await client.GetDocumentAsync("/security");
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No '{formSelector}' on /security.");
        return await client.SubmitAsync(form, new Dictionary<string, string>());
    }

    public static async Task<HttpResponseMessage> RefreshAsync(this HttpClient api, string refreshToken) =>
        await api.PostAsJsonAsync(ApiTestClient.Refresh, new { refreshToken });

    public static async Task<HttpResponseMessage> SendWithTokenAsync(this HttpClient api, HttpMethod method, string url, string accessToken)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await api.SendAsync(request);
    }

    public static string Access(this JsonElement tokens) => tokens.GetProperty("accessToken").GetString()!;
    public static string RefreshToken(this JsonElement tokens) => tokens.GetProperty("refreshToken").GetString()!;
}
