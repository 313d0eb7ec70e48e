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
                if (original.Exists && compressed.Exists && Matches(original, compressed))
                {
                    context.Request.Path = path + ".br";
                    context.Response.Headers.ContentEncoding = "br";
                    context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                }
            }
            await next();
        });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, DateTimeOffset, long, DateTimeOffset), bool> Checked = new();

    // A copy is sent only if it holds the file as it is now (a file edited after the build, or rewritten by a second build,
    // is compressed per request instead); checked once per version of the pair.
    private static bool Matches(Microsoft.Extensions.FileProviders.IFileInfo original, Microsoft.Extensions.FileProviders.IFileInfo compressed) =>
        Checked.GetOrAdd((original.PhysicalPath ?? original.Name, original.LastModified, original.Length, compressed.LastModified), _ =>
        {
            try { return SameContent(original, compressed); }
            catch (InvalidDataException) { return false; }
        });

    private static bool SameContent(Microsoft.Extensions.FileProviders.IFileInfo original, Microsoft.Extensions.FileProviders.IFileInfo compressed)
    {
        using var expected = original.CreateReadStream();
        using var brotli = new System.IO.Compression.BrotliStream(compressed.CreateReadStream(), System.IO.Compression.CompressionMode.Decompress);
        var a = new byte[81920];
        var b = new byte[81920];
        while (true)
        {
            var read = expected.ReadAtLeast(a, a.Length, throwOnEndOfStream: false);
            var got = brotli.ReadAtLeast(b, b.Length, throwOnEndOfStream: false);
            if (read != got || !a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, got))) return false;
            if (read < a.Length) return true;
        }
    }

    private static bool AcceptsBrotli(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals("br", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);

    private sealed class BrotliAware : IContentTypeProvider
    {
        public bool TryGetContentType(string subpath, out string contentType) =>
            Known.TryGetContentType(subpath.EndsWith(".br", StringComparison.Ordinal) ? subpath[..^3] : subpath, out contentType!);
    }
}
