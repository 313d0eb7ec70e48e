using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Portal.Shell;

/// <summary>
/// A part of a page rendered once and written again while its key holds, forms included. Razor's &lt;cache&gt; would
/// keep each form's antiforgery token too, which belongs to one browser; here every token is a slot, filled with this
/// request's token when the kept markup is written.
/// </summary>
/// <param name="Parts">The markup between the token slots.</param>
/// <param name="FreshUntilUtc">When the clock alone changes what it shows (a code expires, a digest goes out).</param>
public sealed record KeptHtml(string[] Parts, DateTime FreshUntilUtc)
{
    /// <summary>Stands for a form's token while the markup is kept; HtmlEncoder encodes U+0001, so no user text holds it.</summary>
    internal const string Slot = "\u0001antiforgery\u0001";

    public static KeptHtml From(string html, DateTime freshUntilUtc) => new(html.Split(Slot), freshUntilUtc);

    public int Length => Parts.Sum(p => p.Length);
}

/// <summary>Kept markup by key (singleton; bounded by characters held).</summary>
public sealed class KeptMarkup(TimeProvider clock) : IDisposable
{
    /// <summary>Set in HttpContext.Items while a kept part renders: forms write a slot instead of their token.</summary>
    internal const string Rendering = "kept-markup-rendering";

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 50_000_000 });

    public KeptHtml? Find(string key) =>
        _entries.TryGetValue(key, out KeptHtml? html) && html!.FreshUntilUtc > clock.GetUtcNow().UtcDateTime ? html : null;

    public void Keep(string key, KeptHtml html)
    {
        var options = new MemoryCacheEntryOptions { Size = html.Length, SlidingExpiration = TimeSpan.FromMinutes(10) };
        if (html.FreshUntilUtc != DateTime.MaxValue) options.AbsoluteExpiration = new DateTimeOffset(html.FreshUntilUtc, TimeSpan.Zero);
        _entries.Set(key, html, options);
    }

    public void Dispose() => _entries.Dispose();

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<KeptMarkup>();
        // After AddRazorPages: the generator every form's token comes from.
        services.AddSingleton<IHtmlGenerator, SlotHtmlGenerator>();
    }
}

/// <summary>
/// <c>&lt;kept key="…" found="…" fresh-until="…"&gt;</c>: writes <c>found</c> (kept earlier) without running its content,
/// or renders the content and keeps it under <c>key</c>. Without a key the content renders as usual.
/// </summary>
[HtmlTargetElement("kept")]
public sealed class KeptTagHelper(KeptMarkup kept, IAntiforgery antiforgery, HtmlEncoder encoder) : TagHelper
{
    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public string? Key { get; set; }

    /// <summary>What the page found kept for <see cref="Key"/>: taken by the page, so eviction between can't lose it.</summary>
    public KeptHtml? Found { get; set; }

    public DateTime FreshUntil { get; set; } = DateTime.MaxValue;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        if (Key is null) return;
        var http = ViewContext.HttpContext;
        var html = Found;
        if (html is null)
        {
            http.Items[KeptMarkup.Rendering] = true;
            try
            {
                var content = await output.GetChildContentAsync();
                html = KeptHtml.From(content.GetContent(encoder), FreshUntil);
            }
            finally
            {
                http.Items.Remove(KeptMarkup.Rendering);
            }
            kept.Keep(Key, html);
        }
        output.Content.SetHtmlContent(html.Parts.Length == 1 ? new HtmlString(html.Parts[0]) : new Filled(html.Parts, Token(http)));
    }

    // One request token serves every form of a request (the antiforgery feature makes it once).
    private string Token(HttpContext http)
    {
        using var writer = new StringWriter();
        antiforgery.GetHtml(http).WriteTo(writer, encoder);
        return writer.ToString();
    }

    private sealed class Filled(string[] parts, string token) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            writer.Write(parts[0]);
            for (var i = 1; i < parts.Length; i++)
            {
                writer.Write(token);
                writer.Write(parts[i]);
            }
        }
    }
}

/// <summary>Razor's generator, except that a form inside a kept part gets a slot for its token.</summary>
public sealed class SlotHtmlGenerator(IAntiforgery antiforgery, IOptions<Microsoft.AspNetCore.Mvc.MvcViewOptions> options,
    IModelMetadataProvider metadata, IUrlHelperFactory urls, HtmlEncoder encoder, ValidationHtmlAttributeProvider validation)
    : DefaultHtmlGenerator(antiforgery, options, metadata, urls, encoder, validation)
{
    private static readonly HtmlString Slot = new(KeptHtml.Slot);

    public override IHtmlContent GenerateAntiforgery(ViewContext viewContext)
    {
        var html = base.GenerateAntiforgery(viewContext);
        return html != HtmlString.Empty && viewContext.HttpContext.Items.ContainsKey(KeptMarkup.Rendering) ? Slot : html;
    }
}
