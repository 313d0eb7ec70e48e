using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Portal.Shell;

/// <summary>
/// The web app manifest, in the language asked for (?culture=): the portal can be added to a phone's home screen,
/// with a shortcut straight to the membership card.
/// </summary>
public static class WebManifest
{
    public static IEndpointRouteBuilder MapWebManifest(this IEndpointRouteBuilder app)
    {
        app.MapGet("/manifest.webmanifest", (IStringLocalizer<SharedResource> s, HttpContext http) =>
        {
            var culture = CultureInfo.CurrentUICulture;
            var manifest = new Dictionary<string, object?>
            {
                ["name"] = s["CustomerPortal"].Value,
                ["short_name"] = s["CustomerPortal"].Value,
                ["description"] = s["Your membership card, points, offers and support in one place."].Value,
                ["lang"] = culture.TwoLetterISOLanguageName,
                ["dir"] = Cultures.Dir,
                ["id"] = "/",
                ["start_url"] = "/",
                ["scope"] = "/",
                ["display"] = "standalone",
                ["background_color"] = "#ffffff",
                ["theme_color"] = "#0f766e",
                ["icons"] = new object[]
                {
                    new { src = "/icons/icon-192.png", sizes = "192x192", type = "image/png", purpose = "any" },
                    new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "any" },
                    new { src = "/icons/maskable-512.png", sizes = "512x512", type = "image/png", purpose = "maskable" },
                    new { src = "/icons/icon.svg", sizes = "any", type = "image/svg+xml", purpose = "any" },
                },
                ["shortcuts"] = new object[]
                {
                    new { name = s["Membership card"].Value, url = "/card", icons = new[] { new { src = "/icons/icon-192.png", sizes = "192x192" } } },
                },
            };
            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.Headers.Vary = "Accept-Language, Cookie";
            return Results.Text(JsonSerializer.Serialize(manifest), "application/manifest+json; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
