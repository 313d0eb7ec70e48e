using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.Notifications;

/// <summary>
/// The web-push section on /notifications tells whether this browser gets notifications by looking only: the
/// service worker is installed when the customer turns push on, not on every visit (installing it on load held
/// the phone's main thread for most of Lighthouse's blocking time on this page).
/// </summary>
public class PushSectionTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Visiting_notifications_shows_push_as_off_without_installing_the_service_worker()
    {
        var member = await Portal.NewMemberAsync("Pia Push", "en");
        var page = await NewPageAsync();
        await SignInAsync(page, member.Email);
        await page.GotoAsync("/notifications");

        var section = page.Locator("#push-section");
        await Expect(section).ToHaveAttributeAsync("data-push-state", "off");
        await Expect(page.Locator("#push-state")).ToHaveTextAsync("Off: this browser does not show your notifications.");
        await Expect(page.Locator("#push-toggle")).ToHaveTextAsync("Turn on for this browser");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => navigator.serviceWorker.getRegistrations().then(r => r.length)"));
    }
}
