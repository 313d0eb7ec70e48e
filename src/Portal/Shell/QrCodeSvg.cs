using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Caching.Memory;
using QRCoder;

namespace Portal.Shell;

/// <summary>QR codes as inline SVG paths: no image files, no inline styles (the CSP forbids them).</summary>
public static class QrCodeSvg
{
    // Encoding a code is the costliest part of the home page and the card, and a customer's number never changes.
    private static readonly MemoryCache Paths = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public static IHtmlContent Render(string text, string label, string cssClass = "")
    {
        var (size, path) = Paths.GetOrCreate(text, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return Encode(text);
        });
        var svg = $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\" class=\"{cssClass}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>";
        return new HtmlString(svg);
    }

    private static (int Size, string Path) Encode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        // One rectangle per horizontal run of dark modules.
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                if (!matrix[y][x]) continue;
                var run = 1;
                while (x + run < size && matrix[y][x + run]) run++;
                path.Append('M').Append(x).Append(',').Append(y).Append('h').Append(run).Append("v1h-").Append(run).Append('z');
                x += run - 1;
            }
        return (size, path.ToString());
    }
}
