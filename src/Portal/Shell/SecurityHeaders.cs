namespace Portal.Shell;

public static class SecurityHeaders
{
    // 'wasm-unsafe-eval' lets the card scanner's QR decoder (WebAssembly, served from here) compile; it does not
    // allow eval of JavaScript.
    private const string Csp =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // The API reference UI (Development only) ships inline script; everything else gets the strict policy.
            if (!context.Request.Path.StartsWithSegments("/scalar"))
                headers.ContentSecurityPolicy = Csp;
            headers.XContentTypeOptions = "nosniff";
            // A page whose URL is a secret (a mailed ticket link) sets its own, stricter policy.
            headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()";
            // Pages answer both full loads and htmx fragments at one URL.
            if (!context.Request.Path.StartsWithSegments("/api"))
                headers.Append("Vary", "HX-Request");
            return Task.CompletedTask;
        });
        await next();
    });
}
