using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;

namespace Portal.E2E.Infrastructure;

/// <summary>One running app and one Chromium for a whole test collection; each test opens its own contexts.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _signedInState = new(StringComparer.OrdinalIgnoreCase);
    private IPlaywright? _playwright;

    public PortalServer Server { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string RootUrl => Server.RootUrl;

    public async Task InitializeAsync()
    {
        var server = Task.Run(Server.Start);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = ChromiumPath(),
            Args = LaunchArgs,
        });
        await server;
        // Web-first assertions retry until this; generous because two cores are shared with builds.
        SetDefaultExpectTimeout(10_000);
    }

    /// <summary>PORTAL_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own download.</summary>
    private static string? ChromiumPath()
    {
        if (Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } configured) return configured;
        return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
    }

    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = RootUrl;
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        return context;
    }

    /// <summary>
    /// Cookies of a session signed in as <paramref name="email"/> through the real form, made once per
    /// collection and copied into later contexts so page-list tests do not pay for a sign-in each.
    /// </summary>
    /// <summary>
    /// Fills "{number:EMAIL}" and "{id:EMAIL}" in a page URL with that demo account's Customer ID or user id,
    /// which differ per database.
    /// </summary>
    public async Task<string> ResolveAsync(string url)
    {
        var match = System.Text.RegularExpressions.Regex.Match(url, @"\{(number|id):([^}]+)\}");
        if (!match.Success) return url;
        await using var scope = Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Customers.PortalUser>>();
        var user = await users.FindByEmailAsync(match.Groups[2].Value) ?? throw new InvalidOperationException($"No {match.Groups[2].Value}");
        return url.Replace(match.Value, match.Groups[1].Value == "number" ? user.CustomerNumber : user.Id);
    }

    public Task<string> SignedInStateAsync(string email) =>
        _signedInState.GetOrAdd(email, e => new Lazy<Task<string>>(async () =>
        {
            await using var context = await NewContextAsync();
            var page = await context.NewPageAsync();
            await SignInAsync(page, e);
            return await context.StorageStateAsync();
        })).Value;

    /// <summary>Signs in with the sign-in form and waits until the signed-in header is shown.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = Demo.Password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        await Expect(page.Locator("#account-menu")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// The axe sweep, the slowest part, runs beside the other browser tests with an app and a browser of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "browser-accessibility";
}

/// <summary>The demo accounts (Development only).</summary>
public static class Demo
{
    public const string Password = "Demo!2345";
    public const string Customer = "customer@demo.local";
    public const string Layla = "layla@demo.local";
    public const string Agent = "agent@demo.local";
    public const string Staff = "staff@demo.local";
    public const string Admin = "admin@demo.local";
}
