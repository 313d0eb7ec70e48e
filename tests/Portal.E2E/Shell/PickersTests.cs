using Portal.E2E.Infrastructure;

namespace Portal.E2E.Shell;

/// <summary>The browser's own file and date controls follow its language; the portal's follow the page's.</summary>
public class PickersTests(PortalFixture portal) : BrowserTest(portal)
{
    [Theory]
    [InlineData("ar", "اختر الملفات", "لم يُختر أي ملف", "المختار: receipt.png", "مارس")]
    [InlineData("en", "Choose files", "No file chosen", "Chosen: receipt.png", "March")]
    public async Task File_and_date_pickers_speak_the_pages_language(string language, string choose, string none, string chosen, string march)
    {
        // An English browser: its native controls would say "Choose Files" and mm/dd/yyyy.
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = await Portal.SignedInStateAsync(Demo.Layla),
            Locale = "en-US",
        });
        await context.AddCookiesAsync(new Variant(language, "light").Cookies(Portal.RootUrl));
        var page = await context.NewPageAsync();

        await page.GotoAsync("/tickets/new");
        var ui = page.Locator("#Input_Files + [data-picker-ui]");
        await Expect(ui.Locator("label")).ToHaveTextAsync(choose);
        await Expect(ui.Locator("span")).ToHaveTextAsync(none);
        await page.Locator("#Input_Files").SetInputFilesAsync(new FilePayload { Name = "receipt.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47] });
        await Expect(ui.Locator("span")).ToHaveTextAsync(chosen);
        // Still reached with the keyboard: the native control keeps the focus and its name.
        await page.Locator("#Input_Description").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#Input_Files")).ToBeFocusedAsync();

        await page.GotoAsync("/special-dates");
        var birthday = page.Locator("#Input_Birthday");
        await birthday.FillAsync("1990-03-14");
        var echo = page.Locator("#Input_Birthday + [data-date-echo-text]");
        await Expect(echo).ToContainTextAsync(march);
        await Expect(echo).ToContainTextAsync("1990");
    }
}
