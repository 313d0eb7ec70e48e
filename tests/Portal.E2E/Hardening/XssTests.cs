using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Faq;
using Portal.Core.Offers;
using Portal.Core.Tickets;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Hardening;

/// <summary>
/// Hostile text typed into every field that is shown again (display name, ticket subject, description and
/// comments, chat messages, FAQ Markdown) is stored through the app's services and then opened in a real browser
/// by each role that sees it: nothing runs, no element is injected, and the text reads as typed.
/// </summary>
public class XssTests(PortalFixture portal) : BrowserTest(portal)
{
    /// <summary>Every payload names this marker, so an injected element or handler is easy to find.</summary>
    private const string M = "xssmark";

    private static readonly string[] Payloads =
    [
        $"<script>alert('{M}1')</script>",
        $"<SCRIPT SRC=//{M}.example/x.js></SCRIPT>",
        $"<img src=x onerror=alert('{M}3')>",
        $"<img src=x onerror=\"window.__xss='{M}4'\">",
        $"<svg onload=alert('{M}5')>",
        $"<svg><script>alert('{M}6')</script></svg>",
        $"<body onload=alert('{M}7')>",
        $"<iframe src=\"javascript:alert('{M}8')\"></iframe>",
        $"<iframe srcdoc=\"<script>parent.alert('{M}9')</script>\"></iframe>",
        $"<a href=\"javascript:alert('{M}10')\">click {M}10</a>",
        $"<a href=\"JaVaScRiPt:alert('{M}11')\">x</a>",
        $"javascript:alert('{M}12')",
        $"\"><img src=x onerror=alert('{M}13')>",
        $"'><svg onload=alert('{M}14')>",
        $"\" onmouseover=\"alert('{M}15')\" x=\"",
        $"' onfocus='alert(`{M}16`)' autofocus='",
        $"'-alert('{M}17')-'",
        $"\";alert('{M}18');//",
        $"</textarea><script>alert('{M}19')</script>",
        $"</title><script>alert('{M}20')</script>",
        $"{{{{constructor.constructor('alert(\"{M}21\")')()}}}}",
        $"${{alert('{M}22')}}",
        $"<div hx-get=\"/{M}23\" hx-trigger=\"load\">htmx {M}23</div>",
        $"<button hx-post=\"/{M}24\" hx-trigger=\"load\" hx-target=\"body\">x</button>",
        $"<div hx-on:htmx:load=\"alert('{M}25')\">x</div>",
        $"<div data-hx-get=\"/{M}26\" data-hx-trigger=\"load\">x</div>",
        $"[click {M}27](javascript:alert('{M}27'))",
        $"![{M}28](javascript:alert('{M}28'))",
        $"[{M}29](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        $"![{M}30](x.png \"\\\" onerror=\\\"alert('{M}30')\")",
        $"&lt;script&gt;alert('{M}31')&lt;/script&gt;",
        $"&#60;img src=x onerror=alert('{M}32')&#62;",
        $"<img src=x onerror=&#97;&#108;&#101;&#114;&#116;('{M}33')>",
        $"<a href=\"&#106;avascript:alert('{M}34')\">x</a>",
        $"%3Cscript%3Ealert('{M}35')%3C/script%3E",
        $"\\u003cscript\\u003ealert('{M}36')\\u003c/script\\u003e",
        $"＜script＞alert('{M}37')＜/script＞",
        $"\u202Egnp.{M}38.exe",
        $"<scr\u200Bipt>alert('{M}39')</scr\u200Bipt>",
        $"<details open ontoggle=alert('{M}40')>",
        $"<math><mtext><table><mglyph><style><img src=x onerror=alert('{M}41')>",
        $"<object data=\"javascript:alert('{M}42')\"></object>",
        $"<embed src=\"javascript:alert('{M}43')\">",
        $"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('{M}44')\">",
        $"<input autofocus onfocus=alert('{M}45')>",
        $"<style>@import 'https://{M}.example/46.css';</style>",
        $"<form action=\"javascript:alert('{M}47')\"><button>x</button></form>",
        $"<base href=\"javascript:alert('{M}48')//\">",
    ];

    /// <summary>Plain-text payloads whose textContent must appear exactly as typed wherever user text is shown as text.</summary>
    private static readonly int[] Verbatim = [0, 2, 12, 16, 20, 22, 26, 30];

    private const string Watch = """
        window.__xss = null;
        for (const name of ['alert', 'confirm', 'prompt', 'print']) {
          const original = window[name];
          window[name] = function (...args) { window.__xss = name + ':' + args.join(','); };
        }
        """;

    [Fact]
    public async Task Hostile_text_in_names_tickets_chats_and_faq_shows_as_typed_and_never_runs()
    {
        Assert.True(Payloads.Length >= 40);
        var name = "\"><img src=x onerror=alert('xssmarkN')>";
        var (customer, email) = await NewCustomerAsync(name);
        var ticket = await TicketAsync(customer);
        var chat = await ChatAsync(customer);
        var article = await FaqArticleAsync();

        var mine = await RolePageAsync(email);
        await CheckAsync(mine, "/card", name);
        await CheckAsync(mine, $"/tickets/{ticket}", Payloads);
        await CheckAsync(mine, $"/support/chat/history/{chat}", Payloads);
        await CheckAsync(mine, $"/support/faq/{article}", null);

        var agent = await RolePageAsync(Demo.Agent);
        await CheckAsync(agent, $"/agent/tickets/{ticket}", [.. Payloads, name]);
        await CheckAsync(agent, "/agent/tickets?scope=All&status=any&priority=High", [Payloads[0]]);

        var staff = await RolePageAsync(Demo.Staff);
        await CheckAsync(staff, $"/staff/customers/{customer.CustomerNumber}", name);

        var admin = await RolePageAsync(Demo.Admin);
        await CheckAsync(admin, $"/admin/users/{customer.Id}", name);
    }

    [Fact]
    public async Task Hostile_text_in_offers_rating_comments_canned_replies_and_file_names_shows_as_typed_and_never_runs()
    {
        var fileName = "\"><img src=x onerror=alert('xssmarkF')>.pdf";
        var (customer, email) = await NewCustomerAsync("Rita Rater");
        var (ticket, storedName) = await RatedTicketWithFileAsync(customer, fileName);
        var canned = await CannedReplyAsync();
        var offer = await OfferAsync();
        try
        {
            var mine = await RolePageAsync(email);
            await CheckAsync(mine, "/offers", Payloads[2]);
            await CheckAsync(mine, "/offers", null);
            await CheckAsync(mine, $"/tickets/{ticket}", Payloads[0]);
            await CheckAsync(mine, $"/tickets/{ticket}", storedName);

            var agent = await RolePageAsync(Demo.Agent);
            await CheckAsync(agent, $"/agent/tickets/{ticket}", Payloads[0]);
            await CheckAsync(agent, $"/agent/tickets/{ticket}", storedName);
            await CheckAsync(agent, "/agent/canned-replies", Payloads[2]);
            await CheckAsync(agent, $"/agent/canned-replies/{canned}", null);
        }
        finally
        {
            // Published offers reach every customer on the shared server: take it down for the other tests.
            await using var scope = Portal.Server.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OfferAdmin>().SetPublishedAsync(offer, false);
            await scope.ServiceProvider.GetRequiredService<CannedReplies>().DeleteAsync(canned);
        }
    }

    /// <summary>A resolved ticket with a hostile file name, rated by the customer with a hostile comment; returns the name as stored.</summary>
    private async Task<(int Number, string StoredName)> RatedTicketWithFileAsync(PortalUser customer, string fileName)
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var agent = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(Demo.Agent))!;
        var me = new TicketActor(customer.Id, customer.DisplayName, IsAgent: false);
        var pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
        var created = await tickets.CreateAsync(me, new NewTicket("Receipt attached", TicketCategory.Orders, TicketPriority.Normal, "See the file."),
            [new AttachmentUpload(fileName, new MemoryStream(pdf))]);
        Assert.True(created.Ticket is not null, created.ToString());
        var number = created.Ticket!.Number;
        var staffActor = new TicketActor(agent.Id, agent.DisplayName, IsAgent: true);
        Assert.True((await tickets.ChangeStatusAsync(staffActor, number, TicketStatus.Resolved)).Ticket is not null);
        var rated = await tickets.RateAsync(me, number, 2, Payloads[0] + "\n" + Payloads[12]);
        Assert.True(rated.Ticket is not null, rated.ToString());
        var stored = await scope.ServiceProvider.GetRequiredService<Portal.Core.Data.PortalDbContext>().Set<TicketAttachment>()
            .Where(a => a.TicketId == created.Ticket.Id).Select(a => a.OriginalName).SingleAsync();
        Assert.Contains("onerror", stored);
        return (number, stored);
    }

    /// <summary>An agents' canned reply whose title, English and Arabic bodies carry the payloads.</summary>
    private async Task<int> CannedReplyAsync()
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var (reply, error) = await scope.ServiceProvider.GetRequiredService<CannedReplies>().SaveAsync(null,
            new CannedReplyInput($"/xss-{Guid.NewGuid():N}"[..20], Payloads[2], string.Join("\n", Payloads), Payloads[0]));
        Assert.True(reply is not null, error?.ToString());
        return reply!.Id;
    }

    /// <summary>A published offer for everyone, written by staff: title and Markdown description in both languages carry the payloads.</summary>
    private async Task<long> OfferAsync()
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<OfferAdmin>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var body = string.Join("\n\n", Payloads);
        var (offer, error) = await admin.SaveAsync(new Offer
        {
            TitleEn = Payloads[2], TitleAr = Payloads[2], DescriptionEn = body, DescriptionAr = body, Kind = OfferKind.PercentOff, Value = 5,
            ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(3),
        });
        Assert.True(offer is not null, error?.ToString());
        Assert.True(await admin.SetPublishedAsync(offer!.Id, true));
        return offer.Id;
    }

    private async Task<IPage> RolePageAsync(string email)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            StorageState = await Portal.SignedInStateAsync(email),
        });
        await context.AddInitScriptAsync(Watch);
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Add($"{page.Url}: {dialog.Type} {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        // An injected hx-get, src or href would ask the server for the marker.
        page.Request += (_, request) =>
        {
            if (request.Url.Contains(M, StringComparison.OrdinalIgnoreCase)) Requests.Add($"{page.Url}: {request.Method} {request.Url}");
        };
        return page;
    }

    private List<string> Dialogs { get; } = [];
    private List<string> Requests { get; } = [];

    /// <summary>Opens <paramref name="url"/> and checks nothing ran and nothing was injected; <paramref name="shown"/> appear as typed.</summary>
    private async Task CheckAsync(IPage page, string url, params string[]? shown)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response is { Status: 200 }, $"GET {url} answered {response?.Status}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Give autofocus, ontoggle and htmx load triggers their turn.
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))");

        Assert.Null(await page.EvaluateAsync<string?>("() => window.__xss"));
        var injected = await page.EvaluateAsync<string[]>("""
            mark => {
              const found = [];
              for (const el of document.querySelectorAll('*')) {
                for (const attr of el.attributes) {
                  const name = attr.name.toLowerCase(), value = attr.value.toLowerCase();
                  const hostileName = name.startsWith('on') || name.startsWith('hx-') || name.startsWith('data-hx-') || name === 'srcdoc';
                  const hostileValue = /^\s*(javascript|data|vbscript):/.test(value)
                    || (['src', 'href', 'action', 'formaction', 'content'].includes(name) && !/^(https?|mailto):/.test(value));
                  if ((hostileName || hostileValue) && value.includes(mark))
                    found.push(el.outerHTML.slice(0, 160));
                }
                if ((el.tagName === 'SCRIPT' || el.tagName === 'STYLE') && el.textContent.includes(mark)) found.push(el.outerHTML.slice(0, 160));
              }
              for (const el of document.querySelectorAll('img[src="x"], iframe, object, embed, details[ontoggle], base, meta[http-equiv="refresh"], math'))
                found.push(el.outerHTML.slice(0, 160));
              return found;
            }
            """, M);
        Assert.True(injected.Length == 0, $"{url} has injected elements:\n{string.Join("\n", injected)}");

        if (shown is not null)
        {
            var text = Normalize(await page.Locator("main").InnerTextAsync());
            foreach (var expected in shown.Where(s => s != Payloads[37] && s != Payloads[38]))
            {
                if (expected.Length > 0 && (shown.Length == 1 || Verbatim.Any(i => Payloads[i] == expected)))
                    Assert.True(text.Contains(Normalize(expected), StringComparison.Ordinal), $"{url} does not show \"{expected}\" as typed");
            }
        }
        Assert.Empty(Dialogs);
        Assert.Empty(Requests);
    }

    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    private async Task<(PortalUser User, string Email)> NewCustomerAsync(string displayName)
    {
        var email = $"xss{Guid.NewGuid():N}@example.test";
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<CustomerRegistration>()
            .RegisterAsync(new NewCustomer(displayName, email, Demo.Password, null, null, Languages.English));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return (user!, email);
    }

    /// <summary>A ticket whose subject, description and comments (customer and agent) carry the payloads.</summary>
    private async Task<int> TicketAsync(PortalUser customer)
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var agent = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(Demo.Agent))!;
        var me = new TicketActor(customer.Id, customer.DisplayName, IsAgent: false);
        var created = await tickets.CreateAsync(me,
            // High, not Urgent: the queue-filter test expects no urgent ticket on the shared server.
            new NewTicket(Payloads[0], TicketCategory.Orders, TicketPriority.High, string.Join("\n", Payloads)), []);
        Assert.True(created.Ticket is not null, created.ToString());
        var number = created.Ticket!.Number;
        for (var i = 0; i < Payloads.Length; i++)
        {
            var replied = i % 2 == 0
                ? await tickets.ReplyAsync(me, number, Payloads[i])
                : await tickets.ReplyAsync(new TicketActor(agent.Id, agent.DisplayName, IsAgent: true), number, Payloads[i]);
            Assert.True(replied.Ticket is not null, $"reply {i}: {replied}");
        }
        return number;
    }

    /// <summary>A finished chat in which both sides sent every payload.</summary>
    private async Task<long> ChatAsync(PortalUser customer)
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var chats = scope.ServiceProvider.GetRequiredService<ChatService>();
        var agent = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(Demo.Agent))!;
        var conversation = await chats.StartAsync(customer.Id);
        var agentViewer = new ChatViewer(agent.Id, IsAgent: true);
        var accepted = await chats.AcceptAsync(conversation.Id, agentViewer);
        Assert.True(accepted.Succeeded, accepted.Error?.ToString());
        var me = new ChatViewer(customer.Id, IsAgent: false);
        for (var i = 0; i < Payloads.Length; i++)
        {
            var sent = await chats.SendAsync(conversation.Id, i % 2 == 0 ? me : agentViewer, Guid.NewGuid(), Payloads[i]);
            Assert.True(sent.Succeeded, $"message {i}: {sent.Error}");
        }
        var closed = await chats.CloseAsync(conversation.Id, me);
        Assert.True(closed.Succeeded, closed.Error?.ToString());
        return conversation.Id;
    }

    /// <summary>A published article whose Markdown, in both languages, is every payload, one a paragraph.</summary>
    private async Task<int> FaqArticleAsync()
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<FaqEditor>();
        var staff = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(Demo.Staff))!;
        var category = (await editor.CategoriesAsync()).First();
        var body = string.Join("\n\n", Payloads);
        var saved = await editor.SaveAsync(null, category.Id, new FaqDraft(Payloads[2], body, Payloads[12], body), FaqStatus.Published,
            new FaqActor(staff.Id, staff.DisplayName));
        Assert.True(saved.Succeeded, saved.Error?.ToString());
        return saved.Id;
    }
}
