using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Core.Referrals;
using Portal.Core.Security;
using Portal.Core.SpecialDates;
using Portal.Tests.Api;
using Portal.Tests.Chat;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;
using Portal.Tests.Tickets;

namespace Portal.Tests.Hardening;

/// <summary>
/// Another customer asks for the owner's things by id, through pages, htmx handlers and the API: they get 404 or 403,
/// never the data. (The hub's own IDOR checks are in Chat/ChatHubTests.)
/// </summary>
public class IdorTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Secret = "Owner-only secret 7Q2";
    // The reward's 777 points as a figure of their own, not three characters inside a token or an id.
    private const string StandaloneSevens = "(?<![0-9A-Za-z])777(?![0-9A-Za-z])";

    private static HttpRequestMessage Bearer(HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
            $"{what}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        Assert.DoesNotContain(Secret, text);
    }

    [Fact]
    public async Task Another_customer_cannot_read_or_change_a_ticket_by_its_number()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Owner");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Intruder");
        using var api = factory.NewApiClient();
        var ownerToken = (await api.TokensAsync(owner.Email!)).GetProperty("accessToken").GetString()!;
        var otherToken = (await api.TokensAsync(other.Email!)).GetProperty("accessToken").GetString()!;
        var created = await api.SendAsync(Bearer(HttpMethod.Post, "/api/customer-id/support/tickets", ownerToken,
            new { subject = Secret, category = "Orders", description = Secret + " body" }));
        Assert.True(created.IsSuccessStatusCode, $"create: {(int)created.StatusCode}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/support/tickets/{id}", otherToken)), "API get");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/support/tickets/{id}/comments", otherToken)), "API comments");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Post, $"/api/customer-id/support/tickets/{id}/comments", otherToken, new { body = "hijack" })), "API comment");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Put, $"/api/customer-id/support/tickets/{id}", otherToken, new { status = "Closed" })), "API close");
        var list = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/support/tickets", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, list);

        await using var intruder = await factory.SignInAsync(other.Email!);
        await AssertRefusedAsync(await intruder.Client.Http.GetAsync($"/tickets/{id}"), "page");
        using var htmx = new HttpRequestMessage(HttpMethod.Get, $"/tickets/{id}");
        htmx.Headers.Add("HX-Request", "true");
        await AssertRefusedAsync(await intruder.Client.Http.SendAsync(htmx), "page (htmx)");
        // A crafted reply with a valid token of the intruder's own: refused, and nothing stored.
        var reply = await intruder.Client.PostCraftedAsync("/tickets/new", $"/tickets/{id}?handler=reply", new Dictionary<string, string> { ["Input.Body"] = "hijack", ["Body"] = "hijack" });
        Assert.True(reply.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"page comment: {(int)reply.StatusCode}");
        var comments = await (await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/support/tickets/{id}/comments", ownerToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("hijack", comments);
    }

    [Fact]
    public async Task Another_customer_cannot_read_a_chat_by_its_id()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Idor", Portal.Core.Customers.Roles.Agent);
        await agent.ConnectAsync();
        await using var owner = await factory.NewSignedInCustomerAsync("Olive Chat");
        var id = await owner.StartChatAsync();
        var hub = await owner.ConnectAsync();
        await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<Portal.Chat.ChatMessageDto>(hub, "SendMessage", id, Guid.NewGuid().ToString(), Secret);
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Chat");
        using var api = factory.NewApiClient();
        var otherToken = (await api.TokensAsync(other.Email!)).GetProperty("accessToken").GetString()!;

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/chats/{id}", otherToken)), "API chat");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/chats/{id}/messages", otherToken)), "API transcript");
        await using var intruder = await factory.SignInAsync(other.Email!);
        var page = await intruder.Client.Http.GetAsync($"/support/chat/history/{id}");
        Assert.DoesNotContain(Secret, await page.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Another_customer_cannot_end_someone_elses_session()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Session");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Session");
        using var api = factory.NewApiClient();
        var ownerToken = (await api.TokensAsync(owner.Email!)).GetProperty("accessToken").GetString()!;
        var otherToken = (await api.TokensAsync(other.Email!)).GetProperty("accessToken").GetString()!;
        var sessions = await factory.WithServiceAsync<IReadOnlyList<SessionLine>, SignInSessions>(s => s.ListAsync(owner.Id));
        var ownerSession = Assert.Single(sessions).Id;

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Delete, $"/api/customer-id/security/sessions/{ownerSession}", otherToken)), "API end session");

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(Bearer(HttpMethod.Get, ApiTestClient.Me, ownerToken))).StatusCode);
        var list = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/security/sessions", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(ownerSession, list);
    }

    private static HttpRequestMessage Htmx(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("HX-Request", "true");
        return request;
    }

    private static async Task<string> AccessTokenAsync(HttpClient api, string email) =>
        (await api.TokensAsync(email)).GetProperty("accessToken").GetString()!;

    [Fact]
    public async Task Another_customer_cannot_show_use_or_list_a_reward_code_by_its_redemption_id()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Codes");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Codes");
        var redemption = await factory.WithServiceAsync<Redemption, IServiceProvider>(async sp =>
        {
            var ledger = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PointsLedger>(sp);
            var catalog = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<RewardsCatalog>(sp);
            await ledger.AdjustAsync(owner.Id, 500, "Goodwill", "staff-1", "Nadia", Guid.NewGuid().ToString());
            var (reward, _) = await catalog.SaveAsync(new Reward { NameEn = "Idor coffee", NameAr = "قهوة", CostPoints = 100 });
            return (await catalog.RedeemAsync(owner.Id, reward!.Id, Guid.NewGuid().ToString())).Value!;
        });
        using var api = factory.NewApiClient();
        var otherToken = await AccessTokenAsync(api, other.Email!);

        await using var intruder = await factory.SignInAsync(other.Email!);
        var page = await intruder.Client.Http.GetAsync($"/loyalty?handler=Code&redemptionId={redemption.Id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain(redemption.Code, await page.Content.ReadAsStringAsync());
        var fragment = await intruder.Client.Http.SendAsync(Htmx(HttpMethod.Get, $"/loyalty?handler=Code&redemptionId={redemption.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, fragment.StatusCode);
        Assert.DoesNotContain(redemption.Code, await fragment.Content.ReadAsStringAsync());
        var list = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/loyalty/redemptions", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(redemption.Code, list);
        Assert.DoesNotContain(RewardRules.Grouped(redemption.Code), await (await intruder.Client.Http.GetAsync("/loyalty")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_customer_cannot_claim_a_special_date_reward_by_its_id_through_the_page_the_htmx_handler_or_the_api()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Dates");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Dates");
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var reward = await factory.WithServiceAsync<SpecialDateReward, PortalDbContext>(async db =>
        {
            var r = new SpecialDateReward
            {
                CustomerId = owner.Id, Kind = SpecialDateKind.Wedding, Year = today.Year, Date = today, AvailableFrom = today.AddDays(-1),
                AvailableUntil = today.AddDays(10), AvailableFromUtc = now.AddDays(-1), ExpiresAtUtc = now.AddDays(10), Type = SpecialDateRewardType.Points,
                Points = 777, State = SpecialDateRewardState.Available, CreatedAtUtc = now, Version = Guid.NewGuid(),
            };
            db.Add(r);
            await db.SaveChangesAsync();
            return r;
        });
        using var api = factory.NewApiClient();
        var otherToken = await AccessTokenAsync(api, other.Email!);

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Post, "/api/customer-id/rewards/claim", otherToken, new { rewardId = reward.Id })), "API claim");
        await using var intruder = await factory.SignInAsync(other.Email!);
        var full = await intruder.Client.PostCraftedAsync("/special-dates", $"/special-dates?handler=Claim&rewardId={reward.Id}", new Dictionary<string, string>());
        Assert.True(full.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.NotFound, $"page claim: {(int)full.StatusCode}");
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)(await intruder.Client.GetDocumentAsync("/special-dates")).QuerySelector("input[name='__RequestVerificationToken']")!).Value;
        using var htmx = Htmx(HttpMethod.Post, $"/special-dates?handler=Claim&rewardId={reward.Id}");
        htmx.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        var fragment = await intruder.Client.Http.SendAsync(htmx);
        Assert.DoesNotMatch(StandaloneSevens, await fragment.Content.ReadAsStringAsync());

        var stored = await factory.WithServiceAsync<SpecialDateReward, PortalDbContext>(db => db.Set<SpecialDateReward>().AsNoTracking().FirstAsync(r => r.Id == reward.Id));
        Assert.Equal(SpecialDateRewardState.Available, stored.State);
        Assert.Equal(0, await factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<PointsEntry>().CountAsync(e => e.SourceRef.StartsWith("special-date:") && (e.CustomerId == owner.Id || e.CustomerId == other.Id))));
        var history = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/rewards/special-dates", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotMatch(StandaloneSevens, history);
    }

    [Fact]
    public async Task Another_customer_never_sees_an_offer_code_someone_else_activated()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Offers");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Offers");
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var code = await factory.WithServiceAsync<string, IServiceProvider>(async sp =>
        {
            var admin = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OfferAdmin>(sp);
            var offers = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OfferService>(sp);
            var (offer, _) = await admin.SaveAsync(new Offer
            {
                TitleEn = "Idor offer", TitleAr = "عرض", Kind = OfferKind.PercentOff, Value = 5, ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(5),
            });
            await admin.SetPublishedAsync(offer!.Id, true);
            return (await offers.ActivateAsync(owner.Id, offer.Id, Guid.NewGuid().ToString("N"))).Activation!.Code;
        });
        using var api = factory.NewApiClient();
        var otherToken = await AccessTokenAsync(api, other.Email!);

        foreach (var url in new[] { "/api/customer-id/offers/history", "/api/customer-id/offers/personalized" })
        {
            var body = await (await api.SendAsync(Bearer(HttpMethod.Get, url, otherToken))).Content.ReadAsStringAsync();
            Assert.DoesNotContain(code, body);
        }
        await using var intruder = await factory.SignInAsync(other.Email!);
        Assert.DoesNotContain(OfferRules.Grouped(code), await (await intruder.Client.Http.GetAsync("/offers")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_customer_cannot_answer_someone_elses_security_alert_and_nothing_changes()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Alerts");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Alerts");
        var alert = await factory.WithServiceAsync<SecurityAlert, SecurityAlerts>(a =>
            a.RaiseAsync(SecurityAlert.For(owner.Id, AlertKind.NewDevice, factory.Clock.GetUtcNow().UtcDateTime, "203.0.113.77")));
        using var api = factory.NewApiClient();
        var otherToken = await AccessTokenAsync(api, other.Email!);

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Post, $"/api/customer-id/security/alerts/{alert.Id}/respond", otherToken, new { answer = "wasNotMe" })), "API respond");
        await using var intruder = await factory.SignInAsync(other.Email!);
        var page = await intruder.Client.PostCraftedAsync("/security", $"/security?handler=RespondAlert&id={alert.Id}&answer=WasNotMe", new Dictionary<string, string>());
        Assert.DoesNotContain("203.0.113.77", await page.Content.ReadAsStringAsync());
        var list = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/security/alerts", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("203.0.113.77", list);

        var stored = await factory.WithServiceAsync<AlertPage, SecurityAlerts>(a => a.PageAsync(owner.Id, null, 10));
        Assert.Equal(AlertState.Open, Assert.Single(stored.Items).State);
    }

    [Fact]
    public async Task Another_customer_never_sees_who_someone_else_referred()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Referrer");
        var friend = await PeopleTestData.NewCustomerAsync(factory, "Zephyrine Friend");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Referrer");
        await factory.WithServiceAsync<int, ReferralProgram>(async p =>
        {
            var code = await p.CodeForAsync(owner.Id);
            await p.AttachAsync(friend.Id, code.Code, new SignupContext("192.0.2.50", null));
            return 0;
        });
        using var api = factory.NewApiClient();
        var otherToken = await AccessTokenAsync(api, other.Email!);

        var history = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/referral/history", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Zephyrine", history);
        await using var intruder = await factory.SignInAsync(other.Email!);
        Assert.DoesNotContain("Zephyrine", await (await intruder.Client.Http.GetAsync("/referrals")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("Zephyrine", await (await intruder.Client.Http.SendAsync(Htmx(HttpMethod.Get, "/referrals?handler=History"))).Content.ReadAsStringAsync());
    }
}

/// <summary>Ticket attachments by id: another customer's, or one from another ticket under the intruder's own ticket number.</summary>
public class TicketAttachmentIdorTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    [Fact]
    public async Task Another_customer_cannot_download_an_attachment_by_its_id_even_under_their_own_ticket()
    {
        var (owner, _) = await factory.SignedInCustomerAsync();
        var (intruder, _) = await factory.SignedInCustomerAsync();
        using var __ = owner;
        using var ___ = intruder;
        var created = await owner.NewTicketAsync(TicketTestKit.TicketFields("Owner receipt"), ("owner-receipt.pdf", TicketTestKit.Pdf, "application/pdf"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var own = await intruder.CreateTicketAsync("Intruder ticket");
        var attachment = await factory.WithServiceAsync<int, PortalDbContext>(db =>
            db.Set<Portal.Core.Tickets.TicketAttachment>().Where(a => a.OriginalName == "owner-receipt.pdf").OrderByDescending(a => a.Id).Select(a => a.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/tickets/{number}?handler=Attachment&id={attachment}")).StatusCode);

        foreach (var url in new[] { $"/tickets/{number}?handler=Attachment&id={attachment}", $"/tickets/{own}?handler=Attachment&id={attachment}" })
        {
            var response = await intruder.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("%PDF", await response.Content.ReadAsStringAsync());
        }
    }
}
