namespace Portal.E2E.Infrastructure;

public static class LayoutAssert
{
    private const string Measure = """
        () => {
          const root = document.documentElement;
          const width = root.clientWidth;
          const wide = [...document.body.querySelectorAll('*')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); })
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().left) + '..' + Math.round(e.getBoundingClientRect().right));
          return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
        }
        """;

    private sealed class Measurement
    {
        public int ScrollWidth { get; set; }
        public int ClientWidth { get; set; }
        public string[] Wide { get; set; } = [];
    }

    /// <summary>Fails when the page scrolls sideways: the document is wider than the viewport.</summary>
    public static async Task NoHorizontalOverflowAsync(IPage page, string context)
    {
        var m = await page.EvaluateAsync<Measurement>(Measure);
        Assert.True(m.ScrollWidth <= m.ClientWidth,
            $"{context}: page is {m.ScrollWidth}px wide in a {m.ClientWidth}px viewport ({page.Url}); sticking out: {string.Join(", ", m.Wide)}");
    }
}
