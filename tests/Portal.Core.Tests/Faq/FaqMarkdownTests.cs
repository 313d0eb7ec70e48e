using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Portal.Core.Faq;

namespace Portal.Core.Tests.Faq;

public partial class FaqMarkdownTests
{
    private static readonly FaqMarkdown Markdown = new();

    public static TheoryData<string> Attacks => new()
    {
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "<javascript:alert(1)>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "![x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](vbscript:msgbox(1))",
        "[x](https://example.com \"\\\"onmouseover=\\\"alert(1)\")",
        "[x](https://example.com \"\"onmouseover=\"alert(1)\")",
        "![x](https://example.com/a.png \"\\\"onerror=\\\"alert(1)\")",
        "[x](&#106;avascript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "www.example.com\"onmouseover=\"alert(1)",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Markdown_attacks_render_inert(string markdown)
    {
        var html = Markdown.Render(markdown);
        var doc = new HtmlParser().ParseDocument("<body>" + html + "</body>");

        Assert.Empty(doc.QuerySelectorAll("script, iframe, object, embed, style, form, input"));
        foreach (var element in doc.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            Assert.Null(element.GetAttribute("style"));
            foreach (var name in new[] { "href", "src" })
                if (element.GetAttribute(name) is { } url)
                    Assert.True(IsSafeUrl(url), $"{element.LocalName} {name}=\"{url}\" from {markdown}");
        }
    }

    [Fact]
    public void Ordinary_Markdown_keeps_its_meaning()
    {
        var html = Markdown.Render("## Returns\n\nSee [our policy](https://shop.example/returns), [your card](/card) or write to [us](mailto:help@example.com).\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        var doc = new HtmlParser().ParseDocument("<body>" + html + "</body>");

        Assert.Equal("faq-returns", doc.QuerySelector("h2")!.Id);
        var external = doc.QuerySelector("a[href='https://shop.example/returns']")!;
        Assert.Equal("noopener noreferrer", external.GetAttribute("rel"));
        Assert.Null(doc.QuerySelector("a[href='/card']")!.GetAttribute("rel"));
        Assert.NotNull(doc.QuerySelector("a[href='mailto:help@example.com']"));
        Assert.Equal("2", doc.QuerySelectorAll("td")[1].TextContent);
    }

    [Fact]
    public void Heading_ids_and_links_to_them_carry_the_prefix()
    {
        var doc = new HtmlParser().ParseDocument("<body>" + Markdown.Render("# Main\n\n[back](#main)", "preview-en-") + "</body>");
        Assert.Equal("preview-en-main", doc.QuerySelector("h1")!.Id);
        Assert.Equal("#preview-en-main", doc.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Raw_HTML_is_shown_as_text_not_markup()
    {
        var html = Markdown.Render("<b>bold</b>");
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html);
    }

    /// <summary>How a browser reads the URL: tabs and newlines dropped, leading controls and spaces trimmed.</summary>
    private static bool IsSafeUrl(string url)
    {
        var cleaned = ControlOrSpace().Replace(url.Replace("\t", "").Replace("\n", "").Replace("\r", ""), "");
        var scheme = Scheme().Match(cleaned);
        return !scheme.Success || scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto";
    }

    [GeneratedRegex(@"^[\u0000-\u0020]+")]
    private static partial Regex ControlOrSpace();

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*):")]
    private static partial Regex Scheme();
}
