using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Offers;
using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.Offers;

/// <summary>A customer on a phone opens /offers, sees why an offer was picked, activates it in place and gets the code with its QR.</summary>
public class OfferActivateTests(PortalFixture portal) : BrowserTest(portal)
{
    private async Task<T> UseAsync<T, TService>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Theory]
    [InlineData("en", "Activated!", "Ready to use")]
    [InlineData("ar", "تم التفعيل!", "جاهزة للاستخدام")]
    public async Task Activate_gives_a_code_and_QR_in_place_at_360px(string language, string activated, string ready)
    {
        var member = await Portal.NewMemberAsync(language == "ar" ? "ليلى العروض" : "Omar Offers", language);
        var now = DateTime.UtcNow;
        var (offer, error) = await UseAsync<(Offer?, OfferEditError?), OfferAdmin>(a => a.SaveAsync(new Offer
        {
            TitleEn = "E2E 20% off coffee", TitleAr = "خصم ٢٠٪ على القهوة", Kind = OfferKind.PercentOff, Value = 20, Categories = "Coffee",
            DescriptionEn = "Any **coffee**, once.", DescriptionAr = "أي **قهوة**، مرة واحدة.", ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(2),
        }));
        Assert.Null(error);
        await UseAsync<bool, OfferAdmin>(a => a.SetPublishedAsync(offer!.Id, true));
        var id = $"offer-{offer!.Id}";

        var page = await NewPageAsync(width: 360, height: 780, locale: language == "ar" ? "ar-SA" : "en-GB");
        await SignInAsync(page, member.Email);
        await page.GotoAsync($"/offers?culture={language}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", language == "ar" ? "rtl" : "ltr");
        await Expect(page.Locator($"#{id}-reasons li").First).ToBeVisibleAsync();
        await Expect(page.Locator($"#{id}-countdown")).Not.ToBeEmptyAsync();
        await AxeAssert.NoSeriousViolationsAsync(page, $"/offers {language} before activating");

        await page.Locator($"#{id}-activate").ClickAsync();

        await Expect(page.Locator($"#{id}-code-box")).ToContainTextAsync(activated);
        await Expect(page.Locator($"#{id}-code")).ToHaveTextAsync(new Regex("^[0-9A-Z]{5}-[0-9A-Z]{5}$"));
        await Expect(page.Locator($"#{id}-qr svg")).ToBeVisibleAsync();
        var code = (await page.Locator($"#{id}-code").TextContentAsync())!.Trim();
        var history = page.Locator("#offer-history-list li").First;
        await Expect(history).ToContainTextAsync(code);
        await Expect(history).ToContainTextAsync(ready);
        await AxeAssert.NoSeriousViolationsAsync(page, $"/offers {language} with the code");
        await LayoutAssert.NoHorizontalOverflowAsync(page, $"/offers {language} at 360 px");

        // The code is bound to this customer and was given once.
        var held = await UseAsync<IReadOnlyList<OfferActivation>, OfferService>(s => s.HistoryAsync(member.Id));
        Assert.Equal(code.Replace("-", ""), Assert.Single(held).Code);
    }
}
