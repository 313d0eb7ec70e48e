using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tickets;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Tickets;

public class TicketReplyTests(PortalFixture portal) : BrowserTest(portal)
{
    private async Task<int> NewTicketForSamAsync(string subject)
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Customers.PortalUser>>();
        var sam = (await users.FindByEmailAsync(Demo.Customer))!;
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>().CreateAsync(
            new TicketActor(sam.Id, sam.DisplayName, IsAgent: false),
            new NewTicket(subject, TicketCategory.Orders, TicketPriority.Normal, "My order has not arrived."), []);
        return result.Ticket!.Number;
    }

    [Fact]
    public async Task An_agent_reply_appears_in_place_without_a_page_load_and_opens_the_ticket()
    {
        var number = await NewTicketForSamAsync("Order not delivered");
        var page = await NewPageAsync();
        await SignInAsync(page, Demo.Agent);
        await page.GotoAsync($"/agent/tickets/{number}");
        await Expect(page.Locator("#ticket-status [data-status]")).ToHaveAttributeAsync("data-status", "New");
        // Survives only if the page is not reloaded.
        await page.EvaluateAsync("() => { window.__stillHere = true; }");

        await page.Locator("#Reply_Body").FillAsync("Your parcel is with the courier.");
        await page.Locator("#agent-reply-submit").ClickAsync();

        await Expect(page.Locator("#reply-status")).ToHaveTextAsync("Reply sent.");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Your parcel is with the courier.");
        await Expect(page.Locator("#ticket-status [data-status]")).ToHaveAttributeAsync("data-status", "Open");
        await Expect(page.Locator("#Reply_Body")).ToHaveValueAsync("");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stillHere === true"), "the page was reloaded");
        Assert.EndsWith($"/agent/tickets/{number}", page.Url);
    }

    [Fact]
    public async Task A_canned_reply_is_inserted_by_choosing_it_or_by_typing_its_short_code()
    {
        var number = await NewTicketForSamAsync("Points question");
        var page = await NewPageAsync();
        await SignInAsync(page, Demo.Agent);
        await page.GotoAsync($"/agent/tickets/{number}");
        var box = page.Locator("#Reply_Body");

        await page.Locator("#canned-reply").SelectOptionAsync("/thanks");
        await page.Locator("#canned-insert").ClickAsync();
        await Expect(box).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Thank you for your patience"));

        await box.FillAsync("Hello Sam, /points");
        await page.Locator("#canned-insert").ClickAsync();
        await Expect(box).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Hello Sam, Points can take up to 48 hours"));
    }

    [Fact]
    public async Task The_queue_filters_swap_the_list_and_push_the_url()
    {
        await NewTicketForSamAsync("Queue filter check");
        var page = await NewPageAsync();
        await SignInAsync(page, Demo.Agent);
        await page.GotoAsync("/agent/tickets");
        await page.EvaluateAsync("() => { window.__stillHere = true; }");

        await page.Locator("#priority").SelectOptionAsync("Urgent");

        await Expect(page.Locator("#queue-empty")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("priority=Urgent"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stillHere === true"), "the page was reloaded");
    }
}
