using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.Security;

/// <summary>Two browsers signed in to one account: /security lists both, signs the other out, then signs out here.</summary>
public class SessionsTests(PortalFixture portal) : BrowserTest(portal)
{
    [Theory]
    [InlineData("en", "Nadia Secure", "This device", "That device has been signed out.")]
    [InlineData("ar", "نادية الآمنة", "هذا الجهاز", "تم تسجيل خروج ذلك الجهاز.")]
    public async Task Signing_out_another_device_and_then_this_one_take_effect_at_once(string language, string name, string thisDevice, string signedOut)
    {
        var member = await Portal.NewMemberAsync(name, language);
        var locale = language == "ar" ? "ar-SA" : "en-GB";
        var laptop = await NewPageAsync(locale: locale);
        var phone = await NewPageAsync(width: 360, height: 740, locale: locale);
        await SignInAsync(phone, member.Email);
        await SignInAsync(laptop, member.Email);

        await laptop.GotoAsync($"/security?culture={language}");
        var rows = laptop.Locator("#session-list > li");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(laptop.Locator("#session-list > li[data-current='true']")).ToContainTextAsync(thisDevice);

        await laptop.Locator("#session-list > li[data-current='false'] button").ClickAsync();
        await Expect(laptop.Locator("#sessions-message")).ToHaveTextAsync(signedOut);
        await Expect(rows).ToHaveCountAsync(1);
        await phone.GotoAsync("/security");
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));

        await laptop.Locator("#sign-out-this-device").ClickAsync();
        await Expect(laptop).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await laptop.GotoAsync("/security");
        await Expect(laptop).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }
}
