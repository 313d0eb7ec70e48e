using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.SpecialDates;
using Portal.Customers.Account;
using Portal.SpecialDates;
using Portal.Shell;

namespace Portal.Customers.Security;

public class ProfileModel(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, IStringLocalizer<SharedResource> s, SpecialDatesProgram specialDates) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel : ProfileFields;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Input = new InputModel
        {
            DisplayName = user.DisplayName,
            PhoneNumber = user.PhoneNumber,
            BirthDate = user.BirthDate,
            PreferredLanguage = user.PreferredLanguage,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        // The birthday earns a reward: it can be changed once a year, here as on /special-dates.
        if (await specialDates.BirthdayChangeProblemAsync(User.UserId(), Input.BirthDate) is { } tooSoon)
        {
            ModelState.AddModelError("Input.BirthDate", s.DatesError(tooSoon));
            return Page();
        }
        if (await users.GetUserAsync(User) is not { } user) return Challenge();

        ProfileRules.TryNormalizePhone(Input.PhoneNumber, out var phone);
        user.DisplayName = Input.DisplayName.Trim();
        user.BirthDate = Input.BirthDate;
        user.PreferredLanguage = Input.PreferredLanguage;
        if (user.PhoneNumber != (phone.Length > 0 ? phone : null))
        {
            user.PhoneNumber = phone.Length > 0 ? phone : null;
            user.PhoneNumberConfirmed = false;
        }
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error.Description);
            return Page();
        }
        // Name and language live in the sign-in cookie; the language also in the switcher's cookie.
        await signIn.RefreshSignInAsync(user);
        Response.Cookies.Append(Cultures.CookieName, Cultures.CookieValue(user.PreferredLanguage), Preferences.CookieOptions());
        CultureInfo.CurrentUICulture = Cultures.For(user.PreferredLanguage);
        await specialDates.GrantDueAsync(user.Id);
        StatusMessage = s["Your details have been saved."];
        return RedirectToPage("./Index");
    }
}
