using Portal.Core.Referrals;
using Portal.Shell;

namespace Portal.Referrals;

/// <summary>The link's code, kept for the friend's registration, and a device id for the self-referral signal.</summary>
public static class ReferralCookies
{
    public const string Code = ".Portal.Ref";
    public const string Device = ".Portal.Device";

    public static void RememberCode(HttpContext http, string code, int days) =>
        http.Response.Cookies.Append(Code, code, Options(http, TimeSpan.FromDays(days)));

    public static string? RememberedCode(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Code, out var code) && ReferralProgram.Clean(code).Length == ReferralProgram.CodeLength
            ? ReferralProgram.Clean(code) : null;

    public static void ForgetCode(HttpContext http) => http.Response.Cookies.Delete(Code);

    /// <summary>The browser's device id, set on first sight (a year, HttpOnly).</summary>
    public static string DeviceId(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(Device, out var id) && id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit)) return id;
        id = Guid.NewGuid().ToString("N");
        http.Response.Cookies.Append(Device, id, Options(http, TimeSpan.FromDays(365)));
        return id;
    }

    private static CookieOptions Options(HttpContext http, TimeSpan maxAge) => new()
    {
        MaxAge = maxAge, HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/",
    };

    /// <summary>GET /r/{code}: counts the visit, remembers the code and lands on registration with it filled in.</summary>
    public static void MapReferralLink(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/r/{code}", async (string code, HttpContext http, ReferralProgram program, CancellationToken ct) =>
        {
            DeviceId(http);
            if (await program.FindAsync(code, ct) is not { } found) return Results.Redirect("/account/register");
            await program.CountVisitAsync(found.Code.Code, ct);
            RememberCode(http, found.Code.Code, program.Options.QualifyingDays);
            return Results.Redirect("/account/register?code=" + Uri.EscapeDataString(found.Code.Code));
        }).AllowAnonymous().ExcludeFromDescription();

        // The link's QR code, for the app and for printing; the code itself is public.
        endpoints.MapGet("/r/{code}/qr.svg", async (string code, ReferralProgram program, PublicLinks links, CancellationToken ct) =>
        {
            if (await program.FindAsync(code, ct) is not { } found) return Results.NotFound();
            using var writer = new StringWriter();
            QrCodeSvg.Render(links.Path("/r/" + found.Code.Code), "QR code").WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
            return Results.Text(writer.ToString(), "image/svg+xml");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
