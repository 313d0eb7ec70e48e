using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace Portal.Core.Faq;

/// <summary>
/// The one way FAQ Markdown becomes HTML, for the help centre and the editor's preview alike. Markdig never
/// passes raw HTML through, and its output is sanitized again: only http, https and mailto links and images,
/// no event handlers, styles or scripts. Links to other sites get rel="noopener noreferrer".
/// </summary>
public sealed class FaqMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    private static readonly HtmlSanitizerOptions Options = new()
    {
        AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "ins", "mark", "sub", "sup",
            "code", "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
        },
        AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "id", "start" },
        AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        AllowedCssProperties = new HashSet<string>(),
        AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        AllowedClasses = new HashSet<string>(),
        AllowDataAttributes = false,
    };

    /// <summary>
    /// Safe HTML for <paramref name="markdown"/>. Heading ids (and links to them) start with
    /// <paramref name="idPrefix"/>, so an article's headings never collide with the page's own ids.
    /// </summary>
    public string Render(string? markdown, string idPrefix = "faq-")
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var html = Markdown.ToHtml(markdown, Pipeline);
        var sanitizer = new HtmlSanitizer(Options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element) return;
            if (element.GetAttribute("id") is { Length: > 0 } id) element.SetAttribute("id", idPrefix + id);
            if (element.LocalName != "a" || element.GetAttribute("href") is not { } href) return;
            if (href.StartsWith('#') && href.Length > 1) element.SetAttribute("href", "#" + idPrefix + href[1..]);
            else if (IsOtherSite(href)) element.SetAttribute("rel", "noopener noreferrer");
        };
        return sanitizer.Sanitize(html);
    }

    private static bool IsOtherSite(string href) =>
        href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) ||
        href.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ||
        href.StartsWith("//", StringComparison.Ordinal);
}
