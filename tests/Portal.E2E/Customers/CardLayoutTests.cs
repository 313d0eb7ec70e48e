using Portal.E2E.Infrastructure;

namespace Portal.E2E.Customers;

// Read-only: runs beside the other browser tests, on the sweep's app, to balance the two collections.
[Collection(AccessibilityCollection.Name)]
public class CardLayoutTests(PortalFixture portal) : BrowserTest(portal)
{
    private const string MeasureCard = """
        () => {
          const rtl = document.documentElement.dir === 'rtl';
          const text = el => { const r = document.createRange(); r.selectNodeContents(el); return [...r.getClientRects()]; };
          const id = text(document.querySelector('#customer-id'));
          const name = text(document.querySelector('#card-name'));
          const edge = rects => rtl ? Math.max(...rects.map(r => r.right)) : Math.min(...rects.map(r => r.left));
          return { lines: new Set(id.map(r => Math.round(r.bottom))).size, idEdge: edge(id), nameEdge: edge(name) };
        }
        """;

    private sealed class CardMeasurement
    {
        public int Lines { get; set; }
        public double IdEdge { get; set; }
        public double NameEdge { get; set; }
    }

    [Theory]
    [InlineData("home")]
    [InlineData("card")]
    public async Task The_Customer_ID_sits_on_one_line_aligned_with_the_name(string page)
    {
        var target = PortalPages.Named(page);
        foreach (var width in new[] { 360, 768, 1280 })
        {
            await ForEachVariantAsync(target, Variant.Light, async (p, variant) =>
            {
                var m = await p.EvaluateAsync<CardMeasurement>(MeasureCard);
                Assert.True(m.Lines == 1, $"{target} {variant} at {width}px: the Customer ID wraps onto {m.Lines} lines");
                Assert.True(Math.Abs(m.IdEdge - m.NameEdge) <= 2,
                    $"{target} {variant} at {width}px: the Customer ID starts at x={m.IdEdge}, the name at x={m.NameEdge}");
            }, width);
        }
    }
}
