using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.Notifications;

/// <summary>
/// Staff write to one customer by Customer ID at /staff/notifications (preview, confirm, send) while the customer has
/// the inbox open in another browser: the batch job, the delivery job and SignalR bring it to the bell and the inbox
/// without a reload, in the customer's own language.
/// </summary>
public class StaffSendBellTests(PortalFixture portal) : BrowserTest(portal)
{
    [Theory]
    [InlineData("en", "Nadia Staffsend", "Your parcel is ready", "Notifications: 1 unread")]
    [InlineData("ar", "نادية", "طردك جاهز", "الإشعارات: 1 غير مقروءة")]
    public async Task A_message_sent_by_staff_rings_the_customers_bell_without_a_reload(string language, string name, string expectedTitle, string label)
    {
        var member = await Portal.NewMemberAsync(name, language);

        var customer = await NewPageAsync(locale: language == "ar" ? "ar-SA" : "en-GB");
        await SignInAsync(customer, member.Email);
        await customer.GotoAsync("/notifications/inbox");
        await Expect(customer.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(customer.Locator("#notification-count")).ToBeHiddenAsync();
        await customer.EvaluateAsync("() => { window.__sameDocument = true; }");
        // The live connection starts a few seconds after the page has loaded (site.js, data-delay).
        await Expect(customer.Locator("#notification-bell[data-live]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

        var staff = await NewPageAsync();
        await SignInAsync(staff, Demo.Staff);
        await staff.GotoAsync("/staff/notifications");
        await staff.Locator("#Input_CustomerId").FillAsync(member.Number);
        await staff.Locator("#Input_Topic").SelectOptionAsync("Tickets");
        await staff.Locator("#Input_TitleEn").FillAsync("Your parcel is ready");
        await staff.Locator("#Input_BodyEn").FillAsync("Collect it at the service desk.");
        await staff.Locator("#Input_TitleAr").FillAsync("طردك جاهز");
        await staff.Locator("#Input_BodyAr").FillAsync("استلمه من مكتب الخدمة.");
        await staff.Locator("#send-preview-button").ClickAsync();

        await Expect(staff.Locator("#preview-ar-title")).ToHaveTextAsync("طردك جاهز");
        await Expect(staff.Locator("#reach-InApp")).ToHaveAttributeAsync("data-receive", "1");
        await staff.Locator("#send-confirm").ClickAsync();
        await Expect(staff.Locator("#send-status")).ToBeVisibleAsync();
        await Expect(staff.Locator("#recent-sends-list li").First).ToContainTextAsync("Your parcel is ready");

        await Expect(customer.Locator("#notification-count")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Expect(customer.Locator("#notification-bell-label")).ToHaveTextAsync(label);
        await Expect(customer.Locator("#notification-live")).ToContainTextAsync(expectedTitle);
        await Expect(customer.Locator("#inbox-list li").First).ToContainTextAsync(expectedTitle);
        Assert.True(await customer.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }
}
