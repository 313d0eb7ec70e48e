using Portal.E2E.Infrastructure;

namespace Portal.E2E.Customers;

/// <summary>The staff look-up: the search row lines up, and a card's QR code can be read where the browser has no QR reader.</summary>
public class ScanCardTests(PortalFixture portal) : BrowserTest(portal)
{
    private sealed class Box
    {
        public double Top { get; set; }
        public double Bottom { get; set; }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task The_search_button_lines_up_with_the_input(string language)
    {
        await ForEachVariantAsync(PortalPages.Named("staff-customers"), [new Variant(language, "light")], async (page, variant) =>
        {
            var input = await page.Locator("#q").EvaluateAsync<Box>("e => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; }");
            var button = await page.Locator("#customer-search-submit").EvaluateAsync<Box>("e => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; }");
            Assert.True(Math.Abs(input.Top - button.Top) <= 1 && Math.Abs(input.Bottom - button.Bottom) <= 1,
                $"{variant}: input {input.Top}–{input.Bottom}, Search button {button.Top}–{button.Bottom}");
        });
    }

    [Fact]
    public async Task A_cards_QR_code_is_read_by_the_bundled_decoder_where_the_browser_has_none()
    {
        var customer = await NewPageAsync();
        await SignInAsync(customer, Demo.Layla);
        await customer.GotoAsync("/card");
        var number = (await customer.Locator("#customer-id").InnerTextAsync()).Replace(" ", "");
        var svg = await customer.Locator("#membership-card svg[role=img]").EvaluateAsync<string>("e => e.outerHTML");

        var staff = await NewPageAsync();
        await SignInAsync(staff, Demo.Staff);
        await staff.GotoAsync("/staff/customers");
        // Headless Chromium on Linux has no BarcodeDetector that reads QR codes: the camera button is offered anyway.
        await Expect(staff.Locator("#scan-card")).ToBeVisibleAsync();
        var read = await staff.EvaluateAsync<string>("""
            async svg => {
              const img = new Image();
              img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
              await img.decode();
              const canvas = document.createElement('canvas');
              canvas.width = canvas.height = 400;
              const g = canvas.getContext('2d');
              g.fillStyle = '#fff'; g.fillRect(0, 0, 400, 400);
              g.drawImage(img, 20, 20, 360, 360);
              const detector = await window.portalScanCard.qrDetector(true);
              const codes = await detector.detect(canvas);
              return codes.length ? codes[0].rawValue : '';
            }
            """, svg);
        Assert.Contains(number, read.Replace(" ", ""));
    }
}
