using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Loyalty;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Loyalty;

public class LoyaltyStaffBrowserTests(PortalFixture portal) : BrowserTest(portal)
{
    /// <summary>Presses Tab until <paramref name="selector"/> has focus: proves it is reachable by keyboard, in order.</summary>
    private static async Task TabToAsync(IPage page, string selector, int most = 40)
    {
        for (var i = 0; i < most; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector}");
    }

    [Fact]
    public async Task The_new_key_is_copied_with_the_keyboard_and_the_copy_is_announced()
    {
        var page = await NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Portal.RootUrl });
        await SignInAsync(page, Demo.Staff);
        await page.GotoAsync("/staff/integrations");

        await page.Locator("#Input_Name").FillAsync("Browser till");
        await page.Keyboard.PressAsync("Enter");
        var key = page.Locator("#new-key");
        await Expect(key).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^cpk_[A-Za-z0-9]{6}_[A-Za-z0-9]{32}$"));
        await Expect(page.Locator("#new-key-warning")).ToHaveTextAsync("Copy it now: you will not see it again.");

        await TabToAsync(page, "#copy-key");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied");
        Assert.Equal(await key.TextContentAsync(), await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await page.GotoAsync("/staff/integrations");
        await Expect(page.Locator("#keys")).ToContainTextAsync("Browser till");
        await Expect(page.Locator("#new-key")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Staff_add_a_reward_with_the_keyboard_only()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, Demo.Staff);
        await page.GotoAsync("/staff/rewards/edit");
        var name = $"Keyboard mug {Guid.NewGuid():N}"[..20];

        await TabToAsync(page, "#Input_NameEn");
        await page.Keyboard.TypeAsync(name);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#Input_NameAr")).ToBeFocusedAsync();
        await page.Keyboard.InsertTextAsync("كوب");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#Input_CostPoints")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("300");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("12");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#Input_MinimumTier")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await TabToAsync(page, "#reward-save");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"Reward added: {name}.");
        var reward = await WithCatalogAsync(async c => (await c.AllAsync()).Single(r => r.NameEn == name));
        Assert.Equal(("كوب", 300L, (int?)12, (Tier?)Tier.Silver, true), (reward.NameAr, reward.CostPoints, reward.Stock, reward.MinimumTier, reward.IsActive));
        await Expect(page.Locator($"#reward-{reward.Id} [data-name]")).ToHaveTextAsync(name);
    }

    private async Task<T> WithCatalogAsync<T>(Func<RewardsCatalog, Task<T>> use)
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<RewardsCatalog>());
    }
}
