using Portal.E2E.Infrastructure;

namespace Portal.E2E.Shell;

public class ThemeTests(PortalFixture portal) : BrowserTest(portal)
{
    private static Task<string> BodyBackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    [Fact]
    public async Task Theme_choice_persists_across_reload()
    {
        var page = await NewPageAsync(colorScheme: ColorScheme.Light);
        await page.GotoAsync("/account/login");
        var html = page.Locator("html");
        await Expect(html).ToHaveClassAsync("theme-system");
        var light = await BodyBackgroundAsync(page);

        await page.Locator("#theme-menu summary").ClickAsync();
        await page.Locator("#theme-dark").ClickAsync();
        await Expect(html).ToHaveClassAsync("dark");
        await Expect(page.Locator("#theme-dark")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await Expect(html).ToHaveClassAsync("dark");
        Assert.NotEqual(light, await BodyBackgroundAsync(page));

        await page.Locator("#theme-menu summary").ClickAsync();
        await page.Locator("#theme-light").ClickAsync();
        await Expect(html).ToHaveClassAsync("light");
        await Expect(page.Locator("#theme-light")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await Expect(html).ToHaveClassAsync("light");
        Assert.Equal(light, await BodyBackgroundAsync(page));
    }

    [Fact]
    public async Task System_theme_follows_the_OS()
    {
        var chosenDark = await NewContextAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Light });
        await chosenDark.AddCookiesAsync([new Cookie { Name = ".Portal.Theme", Value = "dark", Url = Portal.RootUrl }]);
        var reference = await chosenDark.NewPageAsync();
        await reference.GotoAsync("/");
        var darkToken = await BodyBackgroundAsync(reference);

        var lightOs = await NewPageAsync(colorScheme: ColorScheme.Light);
        await lightOs.GotoAsync("/");
        await Expect(lightOs.Locator("html")).ToHaveClassAsync("theme-system");
        var lightToken = await BodyBackgroundAsync(lightOs);

        var darkOs = await NewPageAsync(colorScheme: ColorScheme.Dark);
        await darkOs.GotoAsync("/");
        await Expect(darkOs.Locator("html")).ToHaveClassAsync("theme-system");
        await Expect(darkOs.Locator("#theme-system")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.NotEqual(lightToken, darkToken);
        Assert.Equal(darkToken, await BodyBackgroundAsync(darkOs));
        Assert.Equal("rgb(11, 17, 32)", darkToken);
    }
}
