using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Portal.Shell;

/// <summary>
/// The build writes a Brotli copy at best quality beside each script and stylesheet in /dist (build-assets.mjs); a
/// browser that accepts Brotli gets that copy, about a fifth smaller than compressing at the fast level per request.
/// </summary>
public static class PrecompressedAssets
{
    private static readonly FileExtensionContentTypeProvider Known = new();

    /// <summary>Types by extension, with "x.js.br" typed as "x.js".</summary>
    public static IContentTypeProvider ContentTypes { get; } = new BrotliAware();

    public static IApplicationBuilder UsePrecompressedAssets(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is not null && path.StartsWith("/dist/", StringComparison.Ordinal)
                && (path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".css", StringComparison.Ordinal))
                && AcceptsBrotli(context.Request))
            {
                var original = files.GetFileInfo(path);
                var compressed = files.GetFileInfo(path + ".br");
                // A copy older than its file (edited after the build) is not sent.
                if (original.Exists && compressed.Exists && compressed.LastModified >= original.LastModified)
                {
                    context.Request.Path = path + ".br";
                    context.Response.Headers.ContentEncoding = "br";
                    context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                }
            }
            await next();
        });
    }

    private static bool AcceptsBrotli(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals("br", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);

    private sealed class BrotliAware : IContentTypeProvider
    {
        public bool TryGetContentType(string subpath, out string contentType) =>
            Known.TryGetContentType(subpath.EndsWith(".br", StringComparison.Ordinal) ? subpath[..^3] : subpath, out contentType!);
    }
}
