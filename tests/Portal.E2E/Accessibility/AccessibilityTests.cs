using Portal.E2E.Infrastructure;

namespace Portal.E2E.Accessibility;

[Collection(AccessibilityCollection.Name)]
public class AccessibilityTests(PortalFixture portal) : BrowserTest(portal)
{
    [Theory]
    [MemberData(nameof(PortalPages.Names), MemberType = typeof(PortalPages))]
    public async Task Page_has_no_serious_accessibility_violations_in_either_language_or_theme(string page)
    {
        var target = PortalPages.Named(page);
        await ForEachVariantAsync(target, Variant.All, (p, variant) => variant.Theme == "light"
            ? AxeAssert.NoSeriousViolationsAsync(p, $"{target} {variant}")
            : AxeAssert.NoSeriousColourViolationsAsync(p, $"{target} {variant}"));
    }
}
