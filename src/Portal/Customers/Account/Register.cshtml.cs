using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Customers.Account;

[AllowAnonymous]
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class RegisterModel(
    CustomerRegistration registration, SignInManager<PortalUser> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel : ProfileFields
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256, ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a password.")]
        [StringLength(MaxLengthPasswordValidator.MaxLength, MinimumLength = 8, ErrorMessage = "Use {2} to {1} characters for your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Enter the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet() => Input.PreferredLanguage = Cultures.Lang == Languages.Arabic ? Languages.Arabic : Languages.English;

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        ProfileRules.TryNormalizePhone(Input.PhoneNumber, out var phone);
        var (result, user) = await registration.RegisterAsync(new NewCustomer(
            Input.DisplayName, Input.Email, Input.Password, phone.Length > 0 ? phone : null, Input.BirthDate, Input.PreferredLanguage));
        if (user is null)
        {
            AddErrors(result);
            return Page();
        }

        if (user.PreferredLanguage != CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
            Response.Cookies.Append(Cultures.CookieName, Cultures.CookieValue(user.PreferredLanguage), Preferences.CookieOptions());
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/");
    }

    private void AddErrors(IdentityResult result)
    {
        foreach (var error in result.Errors.DistinctBy(e => e.Description))
        {
            var key = error.Code switch
            {
                nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)
                    or nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => "Input.Email",
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "Input.Password",
                _ => string.Empty,
            };
            ModelState.AddModelError(key, error.Description);
        }
    }
}
