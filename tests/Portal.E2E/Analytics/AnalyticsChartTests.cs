using System.Globalization;
using System.Text.Json;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Analytics;

/// <summary>The dashboard's charts draw from their data tables, in both languages and themes, and the 12/24 switch swaps them.</summary>
// Read-only: runs beside the other browser tests, on the sweep's app, to balance the two collections.
[Collection(AccessibilityCollection.Name)]
public class AnalyticsChartTests(PortalFixture portal) : BrowserTest(portal)
{
    private sealed record Drawn(string[] Labels, double[] Values, string? Label, bool Reverse, bool LegendRtl, string SeriesColour, int Painted, int Instances);

    // What Chart.js holds for the canvas (not what charts.js says it gave it), and how many pixels it painted.
    private const string ReadChart = """
        (id) => {
          const canvas = document.getElementById(id);
          const chart = Chart.getChart(canvas);
          if (!chart) return null;
          const ctx = canvas.getContext('2d');
          const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
          const ds = chart.data.datasets[0];
          const colour = Array.isArray(ds.backgroundColor) ? ds.backgroundColor[0] : (ds.borderColor || ds.backgroundColor);
          return {
            labels: chart.data.labels.map(String),
            values: ds.data.map(Number),
            label: ds.label ?? null,
            reverse: !!(chart.options.scales && chart.options.scales.x && chart.options.scales.x.reverse),
            legendRtl: !!chart.options.plugins.legend.rtl,
            seriesColour: String(colour),
            painted: painted,
            instances: Object.keys(Chart.instances).length,
          };
        }
        """;

    private static async Task<Drawn> DrawnAsync(IPage page, string canvasId)
    {
        // A chart is drawn when its canvas comes near the screen, as a reader scrolls to it.
        await page.Locator($"#{canvasId}").ScrollIntoViewIfNeededAsync();
        await Expect(page.Locator($"#{canvasId}")).ToHaveAttributeAsync("data-initialised", "charts");
        // Painting follows the first animation frame: poll until the canvas has pixels.
        await page.WaitForFunctionAsync("""
            (id) => { const c = document.getElementById(id); const ch = Chart.getChart(c); if (!ch) return false;
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; }
            """, canvasId);
        var json = await page.EvaluateAsync<JsonElement>(ReadChart, canvasId);
        return json.Deserialize<Drawn>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>The table as a reader sees it: row labels, and the data-value of the first value column.</summary>
    private static async Task<(string[] Labels, double[] Values, string Series)> TableAsync(IPage page, string tableId)
    {
        var labels = (await page.Locator($"#{tableId} tbody tr > :first-child").AllTextContentsAsync()).Select(t => t.Trim()).ToArray();
        var values = (await page.Locator($"#{tableId} tbody tr > td:nth-child(2)").EvaluateAllAsync<string[]>("cells => cells.map(c => c.getAttribute('data-value'))"))
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var series = (await page.Locator($"#{tableId} thead th:nth-child(2)").TextContentAsync())!.Trim();
        return (labels, values, series);
    }

    [Fact]
    public async Task Charts_draw_the_numbers_of_their_tables_in_both_languages_and_themes()
    {
        await ForEachVariantAsync(PortalPages.Named("analytics"), Variant.All, async (page, variant) =>
        {
            var what = $"{variant.Language} {variant.Theme}";
            // Theme colours: the first series is --c-chart-1, teal in light and light teal in dark.
            var expectedColour = variant.Theme == "dark" ? "rgb(45, 212, 191)" : "rgb(15, 118, 110)";

            var trend = await DrawnAsync(page, "trend-chart");
            var trendTable = await TableAsync(page, "trend-table");
            Assert.Equal(12, trend.Labels.Length);
            Assert.Equal(trendTable.Labels, trend.Labels);
            Assert.Equal(trendTable.Values, trend.Values);
            Assert.Equal(trendTable.Series, trend.Label);
            Assert.Contains(trend.Values, v => v > 0);
            Assert.True(trend.Painted > 1000, $"{what}: the monthly chart painted {trend.Painted} pixels");
            Assert.Equal(variant.Dir == "rtl", trend.Reverse);
            Assert.Equal(expectedColour, trend.SeriesColour);

            var categories = await DrawnAsync(page, "category-chart");
            var categoryTable = await TableAsync(page, "category-table");
            Assert.Equal(categoryTable.Labels, categories.Labels);
            Assert.Equal(categoryTable.Values, categories.Values);
            Assert.True(categories.Labels.Length >= 2, $"{what}: {categories.Labels.Length} categories");
            Assert.True(categories.Painted > 1000, $"{what}: the category chart painted {categories.Painted} pixels");
            Assert.Equal(variant.Dir == "rtl", categories.LegendRtl);
            Assert.Equal(expectedColour, categories.SeriesColour);

            // What charts.js says it drew is what Chart.js holds.
            var given = JsonDocument.Parse((await page.Locator("#trend-chart").GetAttributeAsync("data-chart-data"))!).RootElement;
            Assert.Equal(trend.Values, given.GetProperty("datasets")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray());
            await page.Locator("#trend-chart").ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder(), $"analytics-chart-{variant.Language}-{variant.Theme}.png") });
        });
    }

    [Fact]
    public async Task The_12_to_24_switch_swaps_chart_and_table_without_a_page_load_and_releases_the_old_chart()
    {
        var page = await OpenAsync(PortalPages.Named("analytics"), new Variant("en", "light"));
        await DrawnAsync(page, "category-chart");
        var before = await DrawnAsync(page, "trend-chart");
        Assert.Equal(12, before.Labels.Length);
        Assert.Equal(2, before.Instances);
        await page.EvaluateAsync("() => { window.analyticsMarker = 'same document'; }");

        await page.Locator("#trend-24").ClickAsync();

        await Expect(page.Locator("#trend-table tbody tr")).ToHaveCountAsync(24);
        await Expect(page.Locator("#trend-24")).ToHaveAttributeAsync("aria-current", "true");
        var after = await DrawnAsync(page, "trend-chart");
        var table = await TableAsync(page, "trend-table");
        Assert.Equal(24, after.Labels.Length);
        Assert.Equal(table.Labels, after.Labels);
        Assert.Equal(table.Values, after.Values);
        Assert.Equal(before.Labels, after.Labels[12..]);
        // Two charts on the page: the swapped-out one was destroyed, not leaked.
        Assert.Equal(2, after.Instances);
        Assert.Equal("same document", await page.EvaluateAsync<string?>("() => window.analyticsMarker ?? null"));
        Assert.EndsWith("/analytics?months=24", page.Url);

        await page.Locator("#trend-12").ClickAsync();
        await Expect(page.Locator("#trend-table tbody tr")).ToHaveCountAsync(12);
        Assert.Equal(2, (await DrawnAsync(page, "trend-chart")).Instances);
    }

    [Fact]
    public async Task Filtering_the_history_by_category_swaps_the_list_and_a_purchase_opens_to_its_lines()
    {
        var page = await OpenAsync(PortalPages.Named("analytics"), new Variant("en", "light"), 360, 740);
        var category = (await page.Locator("#category-table tbody tr th").First.TextContentAsync())!.Trim();
        await page.EvaluateAsync("() => { window.analyticsMarker = 'same document'; }");

        await page.Locator("#filter-category").SelectOptionAsync(category);
        await page.Locator("#filter-apply").ClickAsync();

        await Expect(page.Locator("#history-results")).ToHaveAttributeAsync("data-category", category);
        var first = page.Locator("#history-list > li").First;
        await first.Locator("summary").ClickAsync();
        await Expect(first.Locator("table")).ToBeVisibleAsync();
        await Expect(first.Locator("table")).ToContainTextAsync(category);
        Assert.Equal("same document", await page.EvaluateAsync<string?>("() => window.analyticsMarker ?? null"));
    }

    [Fact]
    public async Task With_the_system_theme_the_charts_take_the_new_colours_when_the_system_switches_to_dark()
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            StorageState = await Portal.SignedInStateAsync(Demo.Customer),
            ColorScheme = ColorScheme.Light,
            Locale = "en-GB",
        });
        await context.AddCookiesAsync(new Variant("en", "system").Cookies(Portal.RootUrl));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/analytics");
        await DrawnAsync(page, "category-chart");
        Assert.Equal("rgb(15, 118, 110)", (await DrawnAsync(page, "trend-chart")).SeriesColour);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });

        await page.WaitForFunctionAsync("() => Chart.getChart(document.getElementById('trend-chart')).data.datasets[0].backgroundColor === 'rgb(45, 212, 191)'");
        var after = await DrawnAsync(page, "trend-chart");
        Assert.Equal("rgb(45, 212, 191)", after.SeriesColour);
        Assert.Equal(2, after.Instances);
    }

    private static string ScreenshotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln")))
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts", "screenshots")).FullName;
        return Directory.GetCurrentDirectory();
    }
}
