using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Tickets;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Support;

/// <summary>Support as customers and agents use it: files with a reply, the chat console at a desktop's width, canned replies in chat.</summary>
public class SupportUxTests(PortalFixture portal) : BrowserTest(portal)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1];

    private async Task<IPage> SignedInPageAsync(string email, string lang, int width)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 800 },
            StorageState = await Portal.SignedInStateAsync(email),
            Locale = "en-GB",
        });
        await context.AddCookiesAsync(new Variant(lang, "light").Cookies(Portal.RootUrl));
        return await context.NewPageAsync();
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!.Id;
    }

    [Theory]
    [InlineData("en", "Your reply was sent.")]
    [InlineData("ar", "أُرسل ردك.")]
    public async Task A_customer_replies_with_a_picture_and_sees_it_with_that_reply_under_one_confirmation(string lang, string sent)
    {
        var page = await SignedInPageAsync(Demo.Customer, lang, 360);
        // Opened through the form, so the page starts with the "ticket is open" message.
        await page.GotoAsync("/tickets/new");
        await page.Locator("#Input_Subject").FillAsync("Receipt photo " + lang);
        await page.Locator("#Input_Category").SelectOptionAsync("Orders");
        await page.Locator("#Input_Description").FillAsync("The till did not print my receipt.");
        await page.Locator("#new-ticket-submit").ClickAsync();
        await Expect(page.Locator("#status-message")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.__stillHere = true; }");

        await page.Locator("#Reply_Body").FillAsync("Here is a photo of the till.");
        await page.Locator("#Reply_Files").SetInputFilesAsync(new FilePayload { Name = "till.png", MimeType = "image/png", Buffer = Png });
        await page.Locator("#reply-submit").ClickAsync();

        await Expect(page.Locator("#reply-status")).ToHaveTextAsync(sent);
        // One confirmation: the earlier page message is gone.
        await Expect(page.Locator("main .alert-ok")).ToHaveCountAsync(1);
        var reply = page.Locator("#timeline > li[id^='comment-']").Last;
        await Expect(reply).ToContainTextAsync("Here is a photo of the till.");
        await Expect(reply.Locator("[data-attachments] a")).ToHaveTextAsync("till.png");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stillHere === true"), "the page was reloaded");
        await Expect(page.Locator("#Reply_Files")).ToHaveValueAsync("");
    }

    [Theory]
    [InlineData("en", Demo.Customer, "Thank you for your patience.")]
    [InlineData("ar", Demo.Layla, "شكرًا على صبرك.")]
    public async Task The_agent_console_uses_a_desktop_width_and_inserts_canned_replies_in_the_customers_language(string lang, string customerEmail, string cannedStart)
    {
        var customerId = await UserIdAsync(customerEmail);
        var agent = await SignedInPageAsync(Demo.Agent, lang, 1280);
        await agent.GotoAsync("/agent");
        await Expect(agent.Locator("#agent-console")).ToHaveAttributeAsync("data-connected", "true");
        await Expect(agent.Locator("#presence-toggle")).ToHaveAttributeAsync("aria-checked", "true");
        long id;
        await using (var scope = Portal.Server.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<ChatService>().StartAsync(customerId)).Id;
            await scope.ServiceProvider.GetRequiredService<Portal.Chat.ChatBroadcaster>().QueueChangedAsync();
        }
        // The new chat is announced until it is accepted.
        await Expect(agent.Locator("#agent-notice")).ToHaveTextAsync(new Regex(lang == "ar" ? "^محادثة جديدة" : "^New chat: "));
        await agent.Locator($"#accept-{id}").ClickAsync();
        await Expect(agent.Locator("#agent-notice")).ToBeEmptyAsync();
        await Expect(agent.Locator("#customer-panel #customer-panel-name")).ToBeVisibleAsync();

        // Queue, conversation and customer side by side, the conversation the widest, nothing past the window.
        var queue = (await agent.Locator("#waiting-title").BoundingBoxAsync())!;
        var pane = (await agent.Locator("#chat-pane").BoundingBoxAsync())!;
        var panel = (await agent.Locator("#customer-panel").BoundingBoxAsync())!;
        Assert.True(pane.Width >= 480, $"conversation only {pane.Width}px wide");
        Assert.True(panel.Width >= 330, $"customer panel only {panel.Width}px wide");
        Assert.True(Math.Abs(pane.Y - panel.Y) < 2 && Math.Abs(pane.Y - queue.Y) < 40, "not side by side");
        var rtl = lang == "ar";
        Assert.True(rtl ? panel.X < pane.X && pane.X < queue.X : queue.X < pane.X && pane.X < panel.X, "columns out of order");
        Assert.True(await agent.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        // Nothing in the customer panel is cut or runs over its edge (emails, next tier, selects).
        var overflowing = await agent.EvaluateAsync<string[]>(@"() => {
            const box = document.getElementById('customer-panel').getBoundingClientRect();
            return [...document.querySelectorAll('#customer-panel *')].filter(el => {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || getComputedStyle(el).visibility === 'hidden') return false;
                const cut = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && !['auto','scroll'].includes(getComputedStyle(el).overflowX);
                return r.left < box.left - 1 || r.right > box.right + 1 || cut;
            }).map(el => el.tagName + '#' + el.id + '.' + el.className);
        }");
        Assert.Empty(overflowing);

        await agent.Locator("#canned-reply").SelectOptionAsync("/thanks");
        await agent.Locator("#canned-insert").ClickAsync();
        await Expect(agent.Locator("#chat-input")).ToHaveValueAsync(new Regex("^" + Regex.Escape(cannedStart)));
        await agent.Locator("#chat-input").PressAsync("Enter");
        await Expect(agent.Locator("#pane-transcripts ol:not([hidden]) > li").Last.Locator("[data-body]")).ToContainTextAsync(cannedStart);

        await agent.Locator("#close-chat").ClickAsync();
        await Expect(agent.Locator("#agent-notice")).ToHaveTextAsync(lang == "ar" ? "انتهت المحادثة" : "Chat ended");
    }
}
