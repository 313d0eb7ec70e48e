using Portal.E2E.Infrastructure;

namespace Portal.E2E.Screenshots;

/// <summary>
/// Every page in every language and theme: no serious axe-core violation (the full rule set in the light theme; the
/// dark theme has the same markup, so its colours only), no sideways scroll at phone and desktop widths, and pictures
/// for people to look at in artifacts/screenshots/{page}-{lang}-{theme}-{width}.png (dark at 360 px only). One visit per language serves both
/// themes and all three checks. The pages are split in two halves that run side by side, each with its own app and browser.
/// </summary>
public abstract class PageSweepTests(PortalFixture portal) : BrowserTest(portal)
{
    private static readonly int[] Widths = [360, 1280];

    protected async Task SweepAsync(string page)
    {
        var target = PortalPages.Named(page);
        var folder = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var language in Variant.All.Select(v => v.Language).Distinct())
        {
            // One navigation per language: the dark theme is the same markup with class="dark" on <html>
            // (Theme.HtmlClass; ThemeTests checks the server renders it), so the page is switched in place, once the colour
            // transitions it starts have finished (transitions only: a looping animation would never finish).
            var light = new Variant(language, "light");
            var p = await OpenAsync(target, light);
            await CheckAsync(p, target, light, folder);
            await p.EvaluateAsync("() => document.documentElement.classList.replace('light', 'dark')");
            await p.EvaluateAsync("() => Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)))");
            await CheckAsync(p, target, new Variant(language, "dark"), folder);
            await p.Context.CloseAsync();
        }
    }

    private static async Task CheckAsync(IPage p, PortalPage target, Variant variant, string folder)
    {
        if (variant.Theme == "light") await AxeAssert.NoSeriousViolationsAsync(p, $"{target} {variant}");
        else await AxeAssert.NoSeriousColourViolationsAsync(p, $"{target} {variant}");
        foreach (var width in Widths)
        {
            await p.SetViewportSizeAsync(width, width < 600 ? 740 : 800);
            await LayoutAssert.NoHorizontalOverflowAsync(p, $"{target} {variant} at {width}px");
            // A full-page picture is the slowest step of the sweep: the dark theme is photographed on phones only
            // (its desktop layout is the light one's, checked above for overflow all the same).
            if (variant.Theme == "dark" && width >= 600) continue;
            var file = Path.Combine(folder, $"{target.Name}-{variant.Language}-{variant.Theme}-{width}.png");
            await p.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
            Assert.True(new FileInfo(file).Length > 0, $"empty screenshot {file}");
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}

[Collection(AccessibilityCollection.Name)]
public class PageSweepFirstHalfTests(PortalFixture portal) : PageSweepTests(portal)
{
    [Theory]
    [MemberData(nameof(PortalPages.FirstHalf), MemberType = typeof(PortalPages))]
    public Task Page_passes_axe_fits_phone_and_desktop_and_is_photographed_in_every_language_and_theme(string page) => SweepAsync(page);
}

[Collection(BrowserCollection.Name)]
public class PageSweepSecondHalfTests(PortalFixture portal) : PageSweepTests(portal)
{
    [Theory]
    [MemberData(nameof(PortalPages.SecondHalf), MemberType = typeof(PortalPages))]
    public Task Page_passes_axe_fits_phone_and_desktop_and_is_photographed_in_every_language_and_theme(string page) => SweepAsync(page);
}
