using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.SpecialDates;
using Portal.E2E.Infrastructure;
using Portal.E2E.Loyalty;

namespace Portal.E2E.SpecialDates;

/// <summary>Claiming a birthday reward on a phone, in English and Arabic: in place, once, and accessible before and after.</summary>
public class SpecialDatesClaimTests(PortalFixture portal) : BrowserTest(portal)
{
    /// <summary>A member whose birthday (entered long ago) is in three days in Riyadh.</summary>
    private async Task<LoyaltyData.Member> BirthdayMemberAsync(string name, string language)
    {
        var member = await Portal.NewMemberAsync(name, language);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3));
        var birthday = today.AddDays(3);
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var date = new DateOnly(1992, birthday.Month, birthday.Day);
        await db.Users.Where(u => u.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.BirthDate, date));
        db.Add(new SpecialDateProfile { CustomerId = member.Id, KnownBirthDate = date, BirthdaySetOn = today.AddDays(-400), Version = Guid.NewGuid() });
        await db.SaveChangesAsync();
        return member;
    }

    [Theory]
    [InlineData(Languages.English, "Rana Birthday", "In 3 days", "Claimed! 100 points added to your points.")]
    [InlineData(Languages.Arabic, "رنا الميلاد", "بعد 3 أيام", "تمت المطالبة! أُضيفت 100 نقطة إلى نقاطك.")]
    public async Task A_birthday_reward_is_claimed_in_place_on_a_phone(string language, string name, string countdown, string claimed)
    {
        var member = await BirthdayMemberAsync(name, language);
        var variant = new Variant(language, "light");
        var page = await NewPageAsync(360, 740);
        await page.Context.AddCookiesAsync(variant.Cookies(Portal.RootUrl));
        await SignInAsync(page, member.Email);
        await page.GotoAsync("/special-dates");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", variant.Dir);
        await Expect(page.Locator("#upcoming-birthday-countdown")).ToHaveTextAsync(countdown);
        await LayoutAssert.NoHorizontalOverflowAsync(page, $"special dates {variant} at 360px");
        await AxeAssert.NoSeriousViolationsAsync(page, $"special dates {variant}");
        await page.EvaluateAsync("() => { window.specialDatesMarker = 'same document'; }");

        var card = page.Locator("#special-dates-available article").First;
        await card.Locator("button[type=submit]").ClickAsync();

        await Expect(card).ToHaveAttributeAsync("data-state", "claimed");
        await Expect(card.Locator("[role=status]")).ToHaveTextAsync(claimed);
        Assert.Equal("same document", await page.EvaluateAsync<string>("() => window.specialDatesMarker"));
        await AxeAssert.NoSeriousViolationsAsync(page, $"special dates claimed {variant}");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotFolder(), $"special-dates-claimed-{language}-light-360.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
        });

        // Reloaded, the reward has moved to the history and the points are on the loyalty page.
        await page.ReloadAsync();
        await Expect(page.Locator("#special-dates-history li").First).ToHaveAttributeAsync("data-state", "claimed");
        await Expect(page.Locator("#special-dates-available article")).ToHaveCountAsync(0);
    }

    private static string ScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln"))) dir = dir.Parent;
        return Directory.CreateDirectory(Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots")).FullName;
    }
}
