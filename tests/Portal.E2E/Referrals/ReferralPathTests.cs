using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.Referrals;

/// <summary>
/// The whole path: a friend opens the referrer's link in a fresh browser, registers with the code filled in, a till
/// reports their first purchase through the purchases API, and both sides are rewarded once.
/// </summary>
public class ReferralPathTests(PortalFixture portal) : BrowserTest(portal)
{
    private async Task<T> UseAsync<T, TService>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Spendable plus pending points: purchase points wait out the returns window, referral points do not.</summary>
    private Task<long> BalanceAsync(string userId) =>
        UseAsync<long, PointsLedger>(async l => { var s = await l.SummaryAsync(userId); return s.Active + s.Pending; });

    /// <summary>Waits until the balance is <paramref name="expected"/>: the background dispatcher may hold the event a moment.</summary>
    private async Task ExpectBalanceAsync(string userId, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long actual;
        while ((actual = await BalanceAsync(userId)) != expected && DateTime.UtcNow < deadline)
        {
            if (await UseAsync<int, OutboxDispatcher>(d => d.DispatchAsync(CancellationToken.None)) == 0)
                await Task.Delay(50); // polling interval while the other dispatcher finishes
        }
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("en", "Samir Referrer", "Samir invited you", "Rewarded")]
    [InlineData("ar", "سمير المحيل", "سمير", "تمت المكافأة")]
    public async Task A_friend_joins_by_the_link_buys_and_both_are_rewarded(string language, string referrerName, string invited, string rewarded)
    {
        var referrer = await Portal.NewMemberAsync(referrerName, language);
        var code = (await UseAsync<ReferralCode, ReferralProgram>(p => p.CodeForAsync(referrer.Id))).Code;
        var referrerBefore = await BalanceAsync(referrer.Id);

        // The friend: a fresh browser with nothing of the referrer's.
        var friend = await NewPageAsync(locale: language == "ar" ? "ar-SA" : "en-GB");
        await friend.GotoAsync($"/r/{code}?culture={language}");
        await Expect(friend).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/register"));
        await Expect(friend.Locator("#register-invited")).ToContainTextAsync(invited);
        await Expect(friend.Locator("#Input_ReferralCode")).ToHaveValueAsync(code);
        var email = $"friend-{Guid.NewGuid():N}@example.com";
        await friend.Locator("#Input_DisplayName").FillAsync(language == "ar" ? "نور الهدى" : "Noor Friend");
        await friend.Locator("#Input_Email").FillAsync(email);
        await friend.Locator("#Input_Password").FillAsync("a long enough passphrase");
        await friend.Locator("#Input_ConfirmPassword").FillAsync("a long enough passphrase");
        await friend.Locator("#register-submit").ClickAsync();
        await Expect(friend).ToHaveURLAsync(Portal.RootUrl + "/account/register/check-email");

        var friendUser = await UseAsync<PortalUser?, Microsoft.AspNetCore.Identity.UserManager<PortalUser>>(u => u.FindByEmailAsync(email));
        Assert.NotNull(friendUser);
        var friendBefore = await BalanceAsync(friendUser.Id);

        // The till reports the friend's first purchase (60 SAR) through the purchases API.
        var key = await UseAsync<(IntegrationKey, string)?, IntegrationKeys>(k => k.CreateAsync("e2e till " + language, "Sara Staff"));
        using var till = new HttpClient { BaseAddress = new Uri(Portal.RootUrl) };
        till.DefaultRequestHeaders.Add("X-Api-Key", key!.Value.Item2);
        var response = await till.PostAsJsonAsync("/api/customer-id/purchases", new
        {
            customerId = friendUser.CustomerNumber,
            orderId = "REF-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            occurredAt = DateTimeOffset.UtcNow,
            channel = "Store",
            lines = new[] { new { category = "Grocery", quantity = 1, amountMinor = 60_00 } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var purchasePoints = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("pointsEarned").GetInt64();

        // PurchaseRecorded is delivered by the dispatcher (ours or the server's background one).
        await ExpectBalanceAsync(referrer.Id, referrerBefore + 500);
        await ExpectBalanceAsync(friendUser.Id, friendBefore + purchasePoints + 250);

        // The referrer sees the friend as rewarded, masked.
        var page = await NewPageAsync(locale: language == "ar" ? "ar-SA" : "en-GB");
        await SignInAsync(page, referrer.Email);
        await page.GotoAsync($"/referrals?culture={language}");
        var item = page.Locator("#referral-history-list li").First;
        await Expect(item).ToHaveAttributeAsync("data-state", "Rewarded");
        await Expect(item.Locator("[data-role=state]")).ToHaveTextAsync(rewarded);
        await Expect(item).Not.ToContainTextAsync(email);
        await Expect(page.Locator("#stat-qualified")).Not.ToHaveTextAsync("0");
    }
}
