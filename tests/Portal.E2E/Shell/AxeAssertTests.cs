using Portal.E2E.Infrastructure;
using Xunit.Sdk;

namespace Portal.E2E.Shell;

/// <summary>The accessibility check every page goes through does find what axe-core reports.</summary>
public class AxeAssertTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task An_image_without_alt_text_and_grey_on_grey_text_fail_the_check_naming_the_element()
    {
        var page = await NewPageAsync();
        await page.SetContentAsync("""<html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1><img id="nameless" src="data:,"><p id="faint" style="color:#ccc;background:#ddd">faint</p></main></body></html>""");

        var full = await Assert.ThrowsAsync<FailException>(() => AxeAssert.NoSeriousViolationsAsync(page, "probe"));
        Assert.Contains("image-alt", full.Message);
        Assert.Contains("#nameless", full.Message);

        var colour = await Assert.ThrowsAsync<FailException>(() => AxeAssert.NoSeriousColourViolationsAsync(page, "probe"));
        Assert.Contains("color-contrast", colour.Message);
        Assert.Contains("#faint", colour.Message);
        Assert.DoesNotContain("image-alt", colour.Message);

        await page.EvaluateAsync("() => { document.getElementById('nameless').alt = 'A dot'; document.getElementById('faint').style.color = '#000'; }");
        await AxeAssert.NoSeriousViolationsAsync(page, "fixed");
    }
}
