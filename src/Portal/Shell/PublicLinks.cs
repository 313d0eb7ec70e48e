using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Portal.Shell;

/// <summary>
/// Absolute links for mail, built from configuration, never from a request's Host header: <c>PublicOrigin</c>, else the
/// first of a non-wildcard <c>AllowedHosts</c> over https, else (Development only) where the server listens.
/// </summary>
public sealed class PublicLinks(IConfiguration config, LinkGenerator links, IServer server)
{
    /// <summary>Outside Development the portal refuses to start without an origin it can trust.</summary>
    public static void RequireConfiguredOrigin(IConfiguration config)
    {
        if (ConfiguredOrigin(config) is null)
            throw new InvalidOperationException(
                "Set PublicOrigin (e.g. https://portal.example.com) or a non-wildcard AllowedHosts: emailed links must not take their host from the request.");
    }

    public string Page(string page, object values)
    {
        var path = links.GetPathByPage(page, handler: null, values) ?? throw new InvalidOperationException($"No route to {page}.");
        return new Uri(Origin(), path).ToString();
    }

    /// <summary>An absolute link to a path such as "/r/AB23CD45".</summary>
    public string Path(string path) => new Uri(Origin(), path).ToString();

    private Uri Origin() =>
        ConfiguredOrigin(config)
        ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => Uri.TryCreate(a.Replace("*", "localhost").Replace("+", "localhost"), UriKind.Absolute, out var u) ? u : null).FirstOrDefault(u => u is not null)
        ?? new Uri("http://localhost:5000");

    private static Uri? ConfiguredOrigin(IConfiguration config)
    {
        if (Uri.TryCreate(config["PublicOrigin"], UriKind.Absolute, out var origin)) return origin;
        var hosts = (config["AllowedHosts"] ?? "*").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = hosts.FirstOrDefault(h => h != "*" && !h.StartsWith("*.", StringComparison.Ordinal));
        return first is null ? null : new Uri("https://" + first);
    }
}
