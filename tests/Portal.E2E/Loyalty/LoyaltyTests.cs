using System.Text.RegularExpressions;
using Portal.Core.Customers;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Loyalty;

public partial class LoyaltyTests(PortalFixture portal) : BrowserTest(portal)
{
    private async Task<IPage> SignedInPageAsync(LoyaltyData.Member member, Variant? variant = null, int width = 1280, int height = 800)
    {
        var page = await NewPageAsync(width, height);
        if (variant is not null) await page.Context.AddCookiesAsync(variant.Cookies(Portal.RootUrl));
        await SignInAsync(page, member.Email);
        await page.GotoAsync("/loyalty");
        return page;
    }

    /// <summary>A marker that only survives while the document does: a full page load would wipe it.</summary>
    private static Task MarkDocumentAsync(IPage page) => page.EvaluateAsync("() => { window.loyaltyMarker = 'same document'; }");

    private static async Task AssertSameDocumentAsync(IPage page) =>
        Assert.Equal("same document", await page.EvaluateAsync<string?>("() => window.loyaltyMarker ?? null"));

    [Fact]
    public async Task Redeeming_shows_the_code_and_QR_and_updates_balance_and_history_without_a_page_load()
    {
        var member = await Portal.NewMemberAsync();
        await Portal.AdjustAsync(member, 500);
        var reward = await Portal.AddRewardAsync("Free coffee", "قهوة مجانية", 300);
        var page = await SignedInPageAsync(member);
        var card = page.Locator($"#reward-{reward.Id}");
        await Expect(page.Locator("#active-points")).ToHaveTextAsync("500");
        var rowsBefore = await page.Locator("#history-rows li[id^='entry-']").CountAsync();
        await MarkDocumentAsync(page);
        // htmx reports a swap it cannot do (an out-of-band part without its place, a bad target) on the console.
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };

        await card.Locator($"#reward-{reward.Id}-redeem").ClickAsync();
        await Expect(card.Locator($"#reward-{reward.Id}-confirm")).ToContainTextAsync("Spend 300 points on Free coffee?");
        await card.Locator($"#reward-{reward.Id}-confirm-button").ClickAsync();

        await Expect(card.Locator($"#reward-{reward.Id}-code")).ToHaveTextAsync(CodePattern());
        await Expect(card.Locator($"#reward-{reward.Id}-qr svg")).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("Show this code at the counter");
        await Expect(page.Locator("#active-points")).ToHaveTextAsync("200");
        await Expect(page.Locator("#history-rows li[id^='entry-']")).ToHaveCountAsync(rowsBefore + 1);
        await Expect(page.Locator("#history-rows li[id^='entry-']").First).ToContainTextAsync("Redeemed Free coffee");
        var code = (await card.Locator($"#reward-{reward.Id}-code").TextContentAsync())!.Trim();
        await Expect(page.Locator("#redemption-list")).ToContainTextAsync("Free coffee");
        await Expect(page.Locator("#redemption-list")).Not.ToContainTextAsync(code);
        await AssertSameDocumentAsync(page);
        lock (errors) Assert.Empty(errors);
        await AxeAssert.NoSeriousViolationsAsync(page, "loyalty after redeeming");
        await page.Locator("#reward-list").ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder(), "loyalty-redeemed-en-light-1280.png") });
    }

    [Fact]
    public async Task Cancel_on_the_confirm_step_spends_nothing()
    {
        var member = await Portal.NewMemberAsync();
        await Portal.AdjustAsync(member, 500);
        var reward = await Portal.AddRewardAsync("Pastry", "معجنات", 200);
        var page = await SignedInPageAsync(member);
        await MarkDocumentAsync(page);

        await page.Locator($"#reward-{reward.Id}-redeem").ClickAsync();
        await page.Locator($"#reward-{reward.Id}-cancel").ClickAsync();

        await Expect(page.Locator($"#reward-{reward.Id}-redeem")).ToBeFocusedAsync();
        await Expect(page.Locator("#active-points")).ToHaveTextAsync("500");
        await Expect(page.Locator("#redemptions-empty")).ToBeVisibleAsync();
        await AssertSameDocumentAsync(page);
    }

    [Fact]
    public async Task Load_more_appends_the_next_rows()
    {
        var member = await Portal.NewMemberAsync();
        for (var i = 1; i <= 23; i++) await Portal.AdjustAsync(member, i, $"Gift {i}");
        var page = await SignedInPageAsync(member);
        var rows = page.Locator("#history-rows li[id^='entry-']");
        await Expect(rows).ToHaveCountAsync(20);
        await MarkDocumentAsync(page);

        await page.Locator("#history-more-button").ClickAsync();

        await Expect(rows).ToHaveCountAsync(23);
        await Expect(rows.First).ToContainTextAsync("Gift 23");
        await Expect(rows.Last).ToContainTextAsync("Gift 1");
        await Expect(page.Locator("#history-more")).ToHaveCountAsync(0);
        // Focus moves to the first new row, so keyboard users carry on reading there.
        await Expect(rows.Nth(20)).ToBeFocusedAsync();
        await AssertSameDocumentAsync(page);
    }

    [Fact]
    public async Task A_reward_can_be_redeemed_with_the_keyboard_alone()
    {
        var member = await Portal.NewMemberAsync();
        await Portal.AdjustAsync(member, 800);
        var reward = await Portal.AddRewardAsync("Movie night", "ليلة سينما", 700);
        var page = await SignedInPageAsync(member);
        var id = $"reward-{reward.Id}";
        // Start the Tab order at the card's name, as a reader tabbing through the catalog arrives there.
        await page.Locator($"#{id}-name").EvaluateAsync("e => { e.tabIndex = -1; e.focus(); }");
        await MarkDocumentAsync(page);

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator($"#{id}-redeem")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator($"#{id}-confirm")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator($"#{id}-confirm-button")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator($"#{id}-code")).ToHaveTextAsync(CodePattern());
        await Expect(page.Locator($"#{id}-done")).ToBeFocusedAsync();
        await Expect(page.Locator("#active-points")).ToHaveTextAsync("100");
        await AssertSameDocumentAsync(page);
    }

    [Fact]
    public async Task In_Arabic_the_page_is_right_to_left_and_the_progress_bar_fills_from_the_right()
    {
        var member = await Portal.SilverMemberAsync();
        var english = await SignedInPageAsync(member, new Variant("en", "light"));
        var arabic = await SignedInPageAsync(member, new Variant("ar", "light"));

        await Expect(arabic.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(arabic.Locator("#tier-name")).ToHaveTextAsync("فضي");
        // The heading starts at the right edge of its panel in Arabic, the left in English.
        await AssertStartsAtAsync(english, "#tier-progress-title", "left");
        await AssertStartsAtAsync(arabic, "#tier-progress-title", "right");

        var (enLeft, enRight) = await ProgressEndsAsync(english);
        var (arLeft, arRight) = await ProgressEndsAsync(arabic);
        Assert.False(SameColor(enLeft, enRight), "the progress bar shows no fill");
        Assert.True(SameColor(enLeft, arRight), $"Arabic fill should be on the right: {string.Join(",", arRight)} vs {string.Join(",", enLeft)}");
        Assert.True(SameColor(enRight, arLeft), "Arabic track should be on the left");
    }

    [Fact]
    public async Task The_page_with_points_fits_a_phone_and_passes_axe_in_every_language_and_theme()
    {
        var member = await Portal.SilverMemberAsync(name: "لينا الوفية", language: Languages.Arabic);
        await Portal.AddRewardAsync("Free coffee", "قهوة مجانية", 300);
        await Portal.AddRewardAsync("Lounge access", "دخول الصالة", 900, minimumTier: Core.Loyalty.Tier.Gold);
        await Portal.AddRewardAsync("Weekend brunch", "فطور الويكند", 5_000);
        var folder = ScreenshotFolder();

        foreach (var variant in Variant.All)
        {
            var page = await SignedInPageAsync(member, variant, 360, 740);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", variant.Dir);
            await LayoutAssert.NoHorizontalOverflowAsync(page, $"loyalty {variant} at 360px");
            await AxeAssert.NoSeriousViolationsAsync(page, $"loyalty {variant}");
            foreach (var width in new[] { 360, 1280 })
            {
                await page.SetViewportSizeAsync(width, width < 600 ? 740 : 800);
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(folder, $"loyalty-points-{variant.Language}-{variant.Theme}-{width}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
                });
            }
            await page.Context.CloseAsync();
        }
    }

    private static async Task AssertStartsAtAsync(IPage page, string selector, string side)
    {
        var gap = await page.EvaluateAsync<double[]>($$"""
            () => { const e = document.querySelector('{{selector}}'); const p = e.parentElement.getBoundingClientRect();
              const r = document.createRange(); r.selectNodeContents(e); const t = r.getBoundingClientRect();
              return [t.left - p.left, p.right - t.right]; }
            """);
        var (fromLeft, fromRight) = (gap[0], gap[1]);
        if (side == "left") Assert.True(fromLeft < fromRight, $"{selector} should start on the left ({fromLeft} vs {fromRight})");
        else Assert.True(fromRight < fromLeft, $"{selector} should start on the right ({fromRight} vs {fromLeft})");
    }

    /// <summary>The colours at 10% and 90% of the bar's width, read from a screenshot of it.</summary>
    private static async Task<(int[] Left, int[] Right)> ProgressEndsAsync(IPage page)
    {
        var png = await page.Locator("#tier-progress-bar").ScreenshotAsync();
        var ends = await page.EvaluateAsync<int[][]>("""
            async (b64) => {
              const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
              const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const y = Math.floor(img.height / 2);
              const at = x => Array.from(g.getImageData(x, y, 1, 1).data).slice(0, 3);
              return [at(Math.floor(img.width * 0.1)), at(Math.floor(img.width * 0.9))];
            }
            """, Convert.ToBase64String(png));
        return (ends[0], ends[1]);
    }

    private static bool SameColor(int[] a, int[] b) => a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 8);

    private static string ScreenshotFolder() => Directory.CreateDirectory(Path.Combine(RepoRoot(), "artifacts", "screenshots")).FullName;

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    [GeneratedRegex("^[0-9A-Z]{5}-[0-9A-Z]{5}$")]
    private static partial Regex CodePattern();
}
