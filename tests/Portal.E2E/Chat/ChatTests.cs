using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Chat;

/// <summary>A customer and an agent, each in a browser of their own, chatting live over the hub.</summary>
public class ChatTests(PortalFixture portal) : BrowserTest(portal)
{
    public sealed record Words(string Queue, string ChattingWith, string Typing, string Ended, string Thanks);

    private static readonly Words English = new(
        @"^You are number \d+ in the queue$", "You are chatting with Omar Agent", "Omar Agent is typing…", "Chat ended", "Thank you for rating this chat.");

    private static readonly Words Arabic = new(
        @"^ترتيبك \d+ في قائمة الانتظار$", "أنت تتحدث مع Omar Agent", "Omar Agent يكتب…", "انتهت المحادثة", "شكرًا لتقييمك هذه المحادثة.");

    private async Task<IPage> SignedInPageAsync(string email, int width)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 800 },
            StorageState = await Portal.SignedInStateAsync(email),
            Locale = "en-GB",
        });
        return await context.NewPageAsync();
    }

    /// <summary>Pictures of the live states for people to look at, beside the page sweep's (artifacts/screenshots).</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var root = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln"))) { root = dir.FullName; break; }
        var folder = Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    /// <summary>
    /// The chat's message times, each checked against how the server writes one (Formats.Time): "14:05", 24-hour with
    /// Latin digits in both languages, in the viewer's zone (the page's, not the browser's).
    /// </summary>
    private static async Task<string[]> TimesAsync(IPage page)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById((await page.Locator("html").GetAttributeAsync("data-time-zone"))!);
        var shown = new List<string>();
        foreach (var time in await page.Locator("#chat-messages time[data-time]").AllAsync())
        {
            var utc = DateTime.Parse((await time.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
            var text = (await time.TextContentAsync())!;
            Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), text);
            shown.Add(text);
        }
        Assert.NotEmpty(shown);
        return [.. shown];
    }

    [Theory]
    [InlineData(Demo.Customer, "Sam Carter", "en")]
    [InlineData(Demo.Layla, "ليلى الحربي", "ar")]
    public async Task Customer_and_agent_chat_live_through_a_reload_until_the_customer_rates(string customerEmail, string customerName, string lang)
    {
        var words = lang == "ar" ? Arabic : English;
        var agent = await SignedInPageAsync(Demo.Agent, 1280);
        // Both arrive as people do, by links: the agent from the navigation, the customer from the help centre.
        await agent.GotoAsync("/");
        await agent.Locator("#header-nav details[data-menu]:has(a[href='/agent']) > summary").ClickAsync();
        await agent.Locator("a[href='/agent']:visible").First.ClickAsync();
        await Expect(agent.Locator("#agent-console")).ToHaveAttributeAsync("data-initialised", "agent-chat");
        await Expect(agent.Locator("#agent-console")).ToHaveAttributeAsync("data-connected", "true");

        // The customer, on a phone, starts a chat and waits in line.
        var customer = await SignedInPageAsync(customerEmail, 360);
        // Over a WebSocket (the CSP's connect-src 'self' covers ws: to the same host), and nothing blocked.
        var socket = new TaskCompletionSource<string>();
        customer.WebSocket += (_, ws) => { if (ws.Url.Contains("/hubs/chat")) socket.TrySetResult(ws.Url); };
        var violations = new List<string>();
        customer.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) lock (violations) violations.Add(customer.Url + " " + m.Location + " " + m.Text[..40]); };
        await customer.GotoAsync("/support");
        await Expect(customer.Locator("html")).ToHaveAttributeAsync("dir", lang == "ar" ? "rtl" : "ltr");
        await customer.EvaluateAsync("() => { window.__e2eSameDocument = true; }");
        await customer.Locator("#chat-entry-link").ClickAsync();
        await customer.Locator("#start-chat").ClickAsync();
        await Expect(customer.Locator("#chat")).ToHaveAttributeAsync("data-initialised", "chat");
        Assert.True(await customer.EvaluateAsync<bool>("() => window.__e2eSameDocument === true"), "reaching the chat caused a full page load");
        await Expect(customer.Locator("#chat-state")).ToHaveTextAsync(new Regex(words.Queue));
        await Expect(customer.Locator("#chat")).ToHaveAttributeAsync("data-connected", "true");
        Assert.StartsWith(Portal.RootUrl.Replace("http:", "ws:"), await socket.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // The agent sees them waiting and accepts.
        var waiting = agent.Locator("#waiting-list li", new() { HasText = customerName });
        await waiting.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(waiting).ToHaveCountAsync(0);
        await Expect(agent.Locator("#pane-title")).ToHaveTextAsync(customerName);
        await Expect(agent.Locator("#customer-panel #account-name")).ToHaveTextAsync(customerName);
        await Expect(customer.Locator("#chat-state")).ToHaveTextAsync(words.ChattingWith);
        var customerLines = customer.Locator("#chat-messages > li");
        var agentLines = agent.Locator("#pane-transcripts ol:not([hidden]) > li");
        await Expect(customerLines).ToHaveCountAsync(1); // "Omar Agent joined the chat"

        // Both ways, in real time; the agent's typing shows on the customer's side.
        var fromCustomer1 = lang == "ar" ? "مرحبًا، لم يصل طلبي رقم 4821 بعد" : "Hello, my order 4821 has not arrived";
        await customer.Locator("#chat-input").FillAsync(fromCustomer1);
        await customer.Locator("#chat-input").PressAsync("Enter");
        await Expect(agentLines.Last.Locator("[data-body]")).ToHaveTextAsync(fromCustomer1);
        await Expect(customerLines.Last.Locator("[data-status]")).ToHaveTextAsync(lang == "ar" ? "تمت القراءة" : "Read");

        await agent.Locator("#chat-input").PressSequentiallyAsync("Let me check");
        await Expect(customer.Locator("#chat-typing")).ToHaveTextAsync(words.Typing);
        await agent.Locator("#chat-input").PressAsync("Shift+Enter");
        await agent.Locator("#chat-input").PressSequentiallyAsync("that for you.");
        await agent.Locator("#chat-input").PressAsync("Enter");
        await Expect(customerLines.Last.Locator("[data-body]")).ToHaveTextAsync("Let me check\nthat for you.");
        await Expect(customer.Locator("#chat-typing")).ToBeEmptyAsync();
        // The customer's page is open, so the agent sees their reply read.
        await Expect(agentLines.Last.Locator("[data-status]")).ToHaveTextAsync("Read");

        await customer.Locator("#chat-input").PressSequentiallyAsync("Thanks");
        await Expect(agent.Locator("#chat-typing")).ToHaveTextAsync($"{customerName} is typing…");
        await customer.Locator("#chat-input").PressAsync("Enter");
        await Expect(agentLines.Last.Locator("[data-body]")).ToHaveTextAsync("Thanks");

        var live = await TimesAsync(customer);

        // The customer reloads mid-conversation: everything is there once, in order.
        string[] soFar = [fromCustomer1, "Let me check\nthat for you.", "Thanks"];
        await customer.ReloadAsync();
        await Expect(customer.Locator("#chat")).ToHaveAttributeAsync("data-connected", "true");
        await Expect(customerLines).ToHaveCountAsync(4);
        // A live message's time reads as the reloaded one does.
        Assert.Equal(live, await TimesAsync(customer));
        await Expect(customer.Locator("#chat-messages [data-body]")).ToHaveTextAsync(soFar);
        await Expect(customer.Locator("#chat-state")).ToHaveTextAsync(words.ChattingWith);

        // And messages still flow both ways.
        await customer.Locator("#chat-input").FillAsync("One more question");
        await customer.Locator("#chat-send").ClickAsync();
        await Expect(agentLines.Last.Locator("[data-body]")).ToHaveTextAsync("One more question");
        await agent.Locator("#chat-input").FillAsync("Of course, go ahead.");
        await agent.Locator("#chat-input").PressAsync("Enter");
        await Expect(customerLines.Last.Locator("[data-body]")).ToHaveTextAsync("Of course, go ahead.");
        await Expect(customerLines).ToHaveCountAsync(6);
        await Expect(agentLines).ToHaveCountAsync(6);
        await Expect(customer.Locator("#chat-messages [data-body]")).ToHaveTextAsync([.. soFar, "One more question", "Of course, go ahead."]);

        await ScreenshotAsync(customer, $"chat-live-customer-{lang}-360");
        await ScreenshotAsync(agent, $"chat-live-agent-{lang}-1280");

        // The agent ends the chat; the customer rates it.
        await agent.Locator("#close-chat").ClickAsync();
        await Expect(agent.Locator("#agent-notice")).ToHaveTextAsync("Chat ended");
        await Expect(customer.Locator("#chat-form")).ToBeHiddenAsync();
        await Expect(customer.Locator("#chat-ended")).ToBeVisibleAsync();
        // "Chat ended" is said once: the rating panel's heading, not the state line too.
        await Expect(customer.Locator("#chat-ended-title")).ToHaveTextAsync(words.Ended);
        await Expect(customer.Locator("main").GetByText(words.Ended, new() { Exact = true })).ToHaveCountAsync(1);
        await Expect(customer.Locator("#chat-state")).ToBeHiddenAsync();
        await ScreenshotAsync(customer, $"chat-ended-customer-{lang}-360");
        await customer.Locator("label:has(#rating-5)").ClickAsync();
        await customer.Locator("#Input_Comment").FillAsync(lang == "ar" ? "خدمة ممتازة" : "Quick and helpful");
        await customer.Locator("#rating-submit").ClickAsync();
        await Expect(customer.Locator("#status-message")).ToHaveTextAsync(words.Thanks);

        // The finished chat is in the customer's history with its transcript.
        await customer.Locator("#chat-history-link").ClickAsync();
        await customer.Locator("#past-chats a").First.ClickAsync();
        await Expect(customer.Locator("#transcript [data-body]")).ToHaveTextAsync([.. soFar, "One more question", "Of course, go ahead."]);
        lock (violations) Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
