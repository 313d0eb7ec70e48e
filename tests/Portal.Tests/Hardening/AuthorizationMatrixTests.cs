using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Chat;
using Portal.Core.Customers;
using Portal.Tests.Chat;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Hardening;

/// <summary>
/// Every page, page handler, API endpoint and hub method, read from the app's own endpoint data, with who may reach
/// it. The table is committed (access-matrix.txt): a new endpoint, or a changed rule, fails until the table says so.
/// Refresh it with <c>UPDATE_ACCESS_MATRIX=1</c> and read the diff before committing it.
/// </summary>
public class AuthorizationMatrixTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string UpdateVariable = "UPDATE_ACCESS_MATRIX";

    private static readonly (string Name, string[] Roles)[] Identities =
    [
        ("anonymous", []), ("customer", [Roles.Customer]), ("agent", [Roles.Agent]), ("staff", [Roles.Staff]), ("admin", [Roles.Admin]),
    ];

    /// <summary>Who may call each hub method, beyond the hub's own sign-in: checked against the database on every call.</summary>
    private static readonly Dictionary<string, string> HubMethods = new()
    {
        ["Join"] = "participant", ["History"] = "participant", ["SendMessage"] = "participant", ["Typing"] = "participant",
        ["MarkRead"] = "participant", ["Close"] = "participant",
        ["AgentState"] = "agent", ["SetAway"] = "agent", ["IsAway"] = "agent", ["Accept"] = "agent", ["Transfer"] = "agent",
    };

    public sealed record Entry(string Kind, string Method, string Route, string? Handler, AuthorizationPolicy? Policy, bool AllowAnonymous);

    private async Task<List<Entry>> EndpointsAsync()
    {
        var entries = new List<Entry>();
        var services = factory.Services;
        var loader = services.GetRequiredService<PageLoader>();
        var provider = services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                // The page model's own attributes ([AllowAnonymous], [Authorize]) join the endpoint's when the page is loaded.
                var metadata = new EndpointMetadataCollection(endpoint.Metadata.Concat(compiled.EndpointMetadata));
                var policy = await PolicyAsync(provider, metadata);
                var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null;
                var handlers = compiled.HandlerMethods.Select(h => (h.HttpMethod.ToUpperInvariant(), h.Name)).Distinct().ToList();
                if (!handlers.Any(h => h.Item1 == "GET")) handlers.Insert(0, ("GET", null));
                foreach (var (method, name) in handlers.OrderBy(h => h.Item1).ThenBy(h => h.Name))
                    entries.Add(new("page", method, route, name, policy, anonymous));
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
                var policy = await PolicyAsync(provider, endpoint.Metadata);
                var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                foreach (var method in methods)
                    entries.Add(new(route.StartsWith("/api/") ? "api" : "endpoint", method, route, null, policy, anonymous));
            }
        }
        var hub = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .First(e => e.RoutePattern.RawText?.TrimStart('/') == ChatHub.Path.TrimStart('/'));
        var hubPolicy = await PolicyAsync(provider, hub.Metadata);
        foreach (var method in HubMethodNames())
            entries.Add(new("hub", "INVOKE", ChatHub.Path, method, hubPolicy, false));
        return entries.DistinctBy(e => (e.Kind, e.Method, e.Route, e.Handler)).OrderBy(e => e.Route, StringComparer.Ordinal)
            .ThenBy(e => e.Method, StringComparer.Ordinal).ThenBy(e => e.Handler, StringComparer.Ordinal).ToList();
    }

    private static Task<AuthorizationPolicy?> PolicyAsync(IAuthorizationPolicyProvider provider, EndpointMetadataCollection metadata) =>
        AuthorizationPolicy.CombineAsync(provider, metadata.GetOrderedMetadata<IAuthorizeData>(), metadata.GetOrderedMetadata<AuthorizationPolicy>());

    private static IEnumerable<string> HubMethodNames() =>
        typeof(ChatHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)))
            .Select(m => m.Name).Distinct().Order(StringComparer.Ordinal);

    private async Task<string> LineAsync(Entry e, IAuthorizationService authorization)
    {
        var line = new StringBuilder($"{e.Kind,-8} {e.Method,-6} {e.Route}");
        if (e.Handler is not null) line.Append(e.Kind == "hub" ? $" {e.Handler}" : $" ?handler={e.Handler}");
        var schemes = e.Policy?.AuthenticationSchemes ?? [];
        line.Append(" |");
        if (schemes.Count > 0) line.Append(" via ").Append(string.Join('+', schemes)).Append(" |");
        foreach (var (name, roles) in Identities)
        {
            bool allowed;
            if (e.AllowAnonymous || e.Policy is null) allowed = true;
            else
            {
                var principal = roles.Length == 0 && name == "anonymous" ? new ClaimsPrincipal(new ClaimsIdentity())
                    : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));
                allowed = (await authorization.AuthorizeAsync(principal, null, e.Policy)).Succeeded;
            }
            if (allowed && e.Kind == "hub" && HubMethods.TryGetValue(e.Handler!, out var who) && who == "agent")
                allowed = roles.Contains(Roles.Agent) || roles.Contains(Roles.Admin);
            line.Append(allowed ? $" {name}" : "");
        }
        if (e.Kind == "hub") line.Append(HubMethods.TryGetValue(e.Handler!, out var rule) ? $" ({rule})" : " (NO EXPECTATION)");
        return line.ToString();
    }

    [Fact]
    public async Task Every_endpoint_is_reachable_by_exactly_the_people_the_table_names()
    {
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        var lines = new List<string>();
        foreach (var e in await EndpointsAsync()) lines.Add(await LineAsync(e, authorization));
        var actual = string.Join('\n', lines) + "\n";
        var path = HardeningFiles.PathOf("access-matrix.txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1") await File.WriteAllTextAsync(path, actual);
        var expected = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        var missing = lines.Except(expected.Split('\n')).ToList();
        var gone = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Except(lines).ToList();
        Assert.True(missing.Count == 0 && gone.Count == 0,
            $"The access matrix changed (run with {UpdateVariable}=1 and review the diff).\nNot in the table:\n  {string.Join("\n  ", missing)}\nIn the table but not served:\n  {string.Join("\n  ", gone)}");
        Assert.DoesNotContain(lines, l => l.Contains("NO EXPECTATION"));
    }

    [Fact]
    public async Task Every_post_page_handler_refuses_a_request_without_an_antiforgery_token()
    {
        using var anonymous = factory.NewClient();
        await using var customer = await factory.NewSignedInCustomerAsync("Casey Forgery");
        await using var admin = await factory.SignInAsync("admin@demo.local");
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        var failures = new List<string>();
        foreach (var e in (await EndpointsAsync()).Where(e => e.Kind == "page" && e.Method == "POST"))
        {
            var line = await LineAsync(e, authorization);
            var client = line.Contains(" anonymous") ? anonymous : line.Contains(" customer") ? customer.Client : admin.Client;
            var url = SampleUrl(e.Route) + (e.Handler is null ? "" : $"?handler={e.Handler}");
            foreach (var htmx in new[] { false, true })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([new("Input.Name", "x")]) };
                if (htmx) request.Headers.Add("HX-Request", "true");
                using var response = await client.Http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && !response.Headers.Contains("Retry-After"))
                    failures.Add($"{url}: 429 without Retry-After");
                // /error only answers other requests' errors; asked for directly it does not exist.
                else if (url.StartsWith("/error", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.NotFound) continue;
                else if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests))
                    failures.Add($"{url}{(htmx ? " (htmx)" : "")}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.True(failures.Count == 0, "Accepted without an antiforgery token:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public async Task A_customer_is_refused_every_agent_only_hub_method()
    {
        Assert.Equal(HubMethods.Keys.Order(StringComparer.Ordinal), HubMethodNames());
        await using var customer = await factory.NewSignedInCustomerAsync("Casey Hub");
        var hub = await customer.ConnectAsync();
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<AgentStateDto>("AgentState"));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<bool>("SetAway", true));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<bool>("IsAway"));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatStateDto>("Accept", 1L));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Transfer", 1L, customer.UserId));
    }

    /// <summary>A route with sample values where it has parameters: the request is refused before they matter.</summary>
    private static string SampleUrl(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{([^}:?]+)(:[^}?]+)?\??\}", m =>
            m.Groups[2].Value.Contains("guid") ? Guid.Empty.ToString() : m.Groups[2].Value.Contains("int") || m.Groups[2].Value.Contains("long") ? "1" : "x");
}

public static class HardeningFiles
{
    /// <summary>A file beside these tests in the source tree, so a refresh lands in the diff.</summary>
    public static string PathOf(string name, [System.Runtime.CompilerServices.CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, name);
}
