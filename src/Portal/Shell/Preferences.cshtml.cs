using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Shell;

/// <summary>The language and theme switchers post here; both answer with a full page load.</summary>
public class PreferencesModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostLanguageAsync(string? language, string? returnUrl)
    {
        if (!Languages.IsSupported(language)) return BadRequest();
        Response.Cookies.Append(Cultures.CookieName, Cultures.CookieValue(language!), Preferences.CookieOptions());
        // A signed-in person's choice follows them to other devices and to their emails.
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user && user.PreferredLanguage != language)
        {
            user.PreferredLanguage = language!;
            await users.UpdateAsync(user);
            await signIn.RefreshSignInAsync(user);
        }
        return LocalRedirect(SafeReturn(returnUrl));
    }

    public IActionResult OnPostTheme(ThemeChoice theme, string? returnUrl)
    {
        Theme.Remember(Response, theme);
        return LocalRedirect(SafeReturn(returnUrl));
    }

    private string SafeReturn(string? returnUrl)
    {
        returnUrl = Url.LocalOrHome(returnUrl);
        // Drop a ?culture= left in the address so the new choice wins.
        var q = returnUrl.IndexOf('?');
        if (q < 0) return returnUrl;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[q..]);
        query.Remove("culture");
        var rest = string.Join('&', query.SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}")));
        return rest.Length == 0 ? returnUrl[..q] : $"{returnUrl[..q]}?{rest}";
    }
}
