namespace Portal.E2E.Infrastructure;

/// <summary>
/// Base for browser tests: every page a test opens lives in a browser context of its own (no shared cookies),
/// closed when the test ends.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(PortalFixture portal) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected PortalFixture Portal { get; } = portal;

    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 800, ColorScheme? colorScheme = null, string? locale = null)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme ?? ColorScheme.Light,
            Locale = locale ?? "en-GB",
        });
        return await context.NewPageAsync();
    }

    protected async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Portal.NewContextAsync(options);
        _contexts.Add(context);
        return context;
    }

    protected static Task SignInAsync(IPage page, string email, string password = Demo.Password) =>
        PortalFixture.SignInAsync(page, email, password);

    /// <summary>
    /// Opens <paramref name="target"/> in a fresh context with the language and theme cookies of
    /// <paramref name="variant"/> (signed in when the page needs it), and checks the page really is that page
    /// in that language and theme: the expected status, no redirect, &lt;html lang dir class&gt; as asked.
    /// </summary>
    protected async Task<IPage> OpenAsync(PortalPage target, Variant variant, int width = 1280, int height = 800)
    {
        var options = new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
            Locale = "en-GB",
        };
        if (target.SignedInAs is { } email) options.StorageState = await Portal.SignedInStateAsync(email);
        var context = await NewContextAsync(options);
        await context.AddCookiesAsync(variant.Cookies(Portal.RootUrl));
        var page = await context.NewPageAsync();

        var url = await Portal.ResolveAsync(target.Url);
        var response = await page.GotoAsync(url);
        Assert.True(response is not null, $"{target} gave no response");
        Assert.True(response.Status == target.Status, $"GET {target.Url} as {target.SignedInAs ?? "nobody"} answered {response.Status}, expected {target.Status}");
        Assert.Equal(url, new Uri(page.Url).PathAndQuery);
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("lang", variant.Language);
        await Expect(html).ToHaveAttributeAsync("dir", variant.Dir);
        await Expect(html).ToHaveClassAsync(variant.Theme);
        return page;
    }

    /// <summary>Runs <paramref name="check"/> on <paramref name="target"/> in every language × theme.</summary>
    protected async Task ForEachVariantAsync(PortalPage target, IEnumerable<Variant> variants, Func<IPage, Variant, Task> check, int width = 1280, int height = 800)
    {
        foreach (var variant in variants)
        {
            var page = await OpenAsync(target, variant, width, height);
            await check(page, variant);
            await page.Context.CloseAsync();
            _contexts.Remove(page.Context);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        _contexts.Clear();
    }
}
