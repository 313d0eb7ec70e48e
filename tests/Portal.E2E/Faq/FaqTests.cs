using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Faq;

public class FaqTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Typing_in_the_editor_updates_the_preview_and_the_published_article_is_found_in_both_languages()
    {
        var staff = await NewPageAsync();
        await SignInAsync(staff, Demo.Staff);
        await staff.GotoAsync("/staff/faq");
        await staff.Locator("#faq-categories > li").First.Locator("a[id$='-new']").ClickAsync();
        await Expect(staff.Locator("h1")).ToHaveTextAsync("New article");

        await staff.Locator("#Input_TitleEn").FillAsync("Bicycle parking");
        await staff.Locator("#Input_BodyEn").FillAsync("## Where to park\n\nRacks by the **north** entrance. [Map](javascript:alert(1))");
        await Expect(staff.Locator("#preview-en h2")).ToHaveTextAsync("Where to park");
        await Expect(staff.Locator("#preview-en strong")).ToHaveTextAsync("north");
        await Expect(staff.Locator("#preview-en a")).Not.ToHaveAttributeAsync("href", new Regex("."));
        await staff.Locator("#Input_TitleAr").FillAsync("مواقف الدراجات");
        await staff.Locator("#Input_BodyAr").FillAsync("توجد حوامل للدراجات عند **المدخل الشمالي**.");
        await Expect(staff.Locator("#preview-ar strong")).ToHaveTextAsync("المدخل الشمالي");

        await staff.Locator("#faq-publish").ClickAsync();
        await Expect(staff.Locator("#status-message")).ToHaveTextAsync("Published: customers can now find this article.");
        await Expect(staff.Locator("#revision-1-author")).ToHaveTextAsync("Sara Staff");

        var visitor = await NewPageAsync(360, 740);
        await visitor.GotoAsync("/support");
        await visitor.Locator("#q").FillAsync("bicycle");
        await Expect(visitor.Locator("#faq-result-list")).ToContainTextAsync("Bicycle parking");
        await Expect(visitor.Locator("#faq-count")).ToHaveTextAsync("1 article found");
        await Expect(visitor).ToHaveURLAsync(new Regex(@"/support\?q=bicycle$"));
        await visitor.Locator("#faq-result-list a", new() { HasText = "Bicycle parking" }).ClickAsync();
        await Expect(visitor.Locator("#faq-title")).ToHaveTextAsync("Bicycle parking");
        await Expect(visitor.Locator("#faq-body strong")).ToHaveTextAsync("north");

        await visitor.GotoAsync("/support");
        await visitor.Locator("#lang-switch").ClickAsync();
        await Expect(visitor.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await visitor.Locator("#q").FillAsync("الدراجات");
        await Expect(visitor.Locator("#faq-result-list")).ToContainTextAsync("مواقف الدراجات");
        await visitor.Locator("#faq-result-list a", new() { HasText = "مواقف الدراجات" }).ClickAsync();
        await Expect(visitor.Locator("#faq-body strong")).ToHaveTextAsync("المدخل الشمالي");
    }

    [Fact]
    public async Task Was_this_helpful_swaps_in_a_thank_you()
    {
        var page = await NewPageAsync(360, 740);
        await page.GotoAsync("/support");
        await page.Locator("#faq-topics a", new() { HasText = "How do I find my Customer ID?" }).ClickAsync();
        await Expect(page.Locator("#faq-title")).ToHaveTextAsync("How do I find my Customer ID?");

        await page.Locator("#faq-helpful-yes").ClickAsync();

        await Expect(page.Locator("#faq-vote-thanks")).ToHaveTextAsync("Thank you! We are glad it helped.");
        await Expect(page.Locator("#faq-title")).ToBeVisibleAsync();
    }
}
