using System.Text;
using Microsoft.AspNetCore.Html;
using QRCoder;

namespace Portal.Shell;

/// <summary>QR codes as inline SVG paths: no image files, no inline styles (the CSP forbids them).</summary>
public static class QrCodeSvg
{
    public static IHtmlContent Render(string text, string label, string cssClass = "")
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (matrix[y][x]) path.Append('M').Append(x).Append(',').Append(y).Append("h1v1h-1z");
        var svg = $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\" class=\"{cssClass}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>";
        return new HtmlString(svg);
    }
}
