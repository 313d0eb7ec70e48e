using Portal.E2E.Infrastructure;

namespace Portal.E2E.Layout;

public class SmallScreenTests(PortalFixture portal) : BrowserTest(portal)
{
    [Theory]
    [MemberData(nameof(PortalPages.Names), MemberType = typeof(PortalPages))]
    public async Task Pages_at_360px_have_no_horizontal_scroll(string page)
    {
        var target = PortalPages.Named(page);
        await ForEachVariantAsync(target, Variant.Light, (p, variant) =>
            LayoutAssert.NoHorizontalOverflowAsync(p, $"{target} {variant} at 360px"), width: 360, height: 740);
    }
}
