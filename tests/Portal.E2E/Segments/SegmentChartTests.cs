using System.Globalization;
using System.Text.Json;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Segments;

/// <summary>The staff overview's doughnut is the revenue-share column of the table beside it, and stays in its box.</summary>
public class SegmentChartTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task The_doughnut_draws_the_share_of_revenue_column_in_both_languages_and_themes()
    {
        await ForEachVariantAsync(PortalPages.Named("staff-segments"), Variant.All, async (page, variant) =>
        {
            var canvas = page.Locator("#segment-chart canvas");
            await canvas.ScrollIntoViewIfNeededAsync();
            await Expect(canvas).ToHaveAttributeAsync("data-initialised", "charts");
            var drawn = await page.EvaluateAsync<JsonElement>("""
                () => { const ch = Chart.getChart(document.querySelector('#segment-chart canvas'));
                  return { datasets: ch.data.datasets.length, labels: ch.data.labels.map(String), values: ch.data.datasets[0].data.map(Number) }; }
                """);
            var labels = (await page.Locator("#segment-share-table tbody tr > th").AllTextContentsAsync()).Select(t => t.Trim()).ToArray();
            var values = (await page.Locator("#segment-share-table tbody tr > td:nth-child(5)").EvaluateAllAsync<string[]>("cells => cells.map(c => c.getAttribute('data-value'))"))
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

            Assert.Equal(1, drawn.GetProperty("datasets").GetInt32());
            Assert.Equal(6, labels.Length);
            Assert.Equal(labels, drawn.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray());
            Assert.Equal(values, drawn.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray());
            var box = await canvas.BoundingBoxAsync();
            Assert.True(box is { Height: > 100 and < 400 }, $"{variant.Language} {variant.Theme}: the chart is {box?.Height} px tall");
        });
    }
}
