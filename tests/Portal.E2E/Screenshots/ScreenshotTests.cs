using Portal.E2E.Infrastructure;

namespace Portal.E2E.Screenshots;

/// <summary>
/// Every page in every language and theme, at phone and desktop widths: no sideways scroll, and pictures for people
/// to look at in artifacts/screenshots/{page}-{lang}-{theme}-{width}.png.
/// </summary>
public class ScreenshotTests(PortalFixture portal) : BrowserTest(portal)
{
    private static readonly int[] Widths = [360, 1280];

    [Theory]
    [MemberData(nameof(PortalPages.Names), MemberType = typeof(PortalPages))]
    public async Task Pages_fit_phone_and_desktop_widths_and_are_photographed(string page)
    {
        var target = PortalPages.Named(page);
        var folder = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await ForEachVariantAsync(target, Variant.All, async (p, variant) =>
        {
            foreach (var width in Widths)
            {
                await p.SetViewportSizeAsync(width, width < 600 ? 740 : 800);
                await LayoutAssert.NoHorizontalOverflowAsync(p, $"{target} {variant} at {width}px");
                var file = Path.Combine(folder, $"{target.Name}-{variant.Language}-{variant.Theme}-{width}.png");
                await p.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
                Assert.True(new FileInfo(file).Length > 0, $"empty screenshot {file}");
            }
        });
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
