using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Referrals;
using Portal.Referrals;
using Portal.Shell;

namespace Portal.Customers.Account;

[AllowAnonymous]
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class RegisterModel(
    CustomerRegistration registration, ReferralProgram referrals, IStringLocalizer<SharedResource> s) : PageModel
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
        [StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength, ErrorMessage = "Use {2} to {1} characters for your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Enter the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";

        [StringLength(20, ErrorMessage = "We could not find this referral code.")]
        [Display(Name = "Referral code (optional)")]
        public string? ReferralCode { get; set; }
    }

    /// <summary>The first name of the code's owner ("Sam invited you"), when there is a valid code.</summary>
    public string? InvitedBy { get; private set; }

    public async Task OnGetAsync(string? code)
    {
        Input.PreferredLanguage = Cultures.Lang == Languages.Arabic ? Languages.Arabic : Languages.English;
        ReferralCookies.DeviceId(HttpContext);
        Input.ReferralCode = ReferralProgram.Clean(code).Length > 0 ? ReferralProgram.Clean(code) : ReferralCookies.RememberedCode(HttpContext);
        if (Input.ReferralCode is { } typed) InvitedBy = (await referrals.FindAsync(typed))?.FirstName;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // A code typed by hand is checked before the account exists: one referrer, set now or never.
        var typedCode = ReferralProgram.Clean(Input.ReferralCode);
        if (typedCode.Length > 0)
        {
            if (await referrals.FindAsync(typedCode) is { } found) InvitedBy = found.FirstName;
            else ModelState.AddModelError("Input.ReferralCode", s["We could not find this referral code."]);
        }
        if (!ModelState.IsValid) return Page();

        ProfileRules.TryNormalizePhone(Input.PhoneNumber, out var phone);
        var (result, user) = await registration.RegisterAsync(new NewCustomer(
            Input.DisplayName, Input.Email, Input.Password, phone.Length > 0 ? phone : null, Input.BirthDate, Input.PreferredLanguage));
        if (user is null && !CustomerRegistration.IsEmailTaken(result))
        {
            AddErrors(result);
            return Page();
        }

        // From here on a taken email (whose owner is emailed instead) gets exactly what a new one gets: the same
        // cookies and the same "check your email" page, and no sign-in for either.
        if (user is not null && typedCode.Length > 0)
            await referrals.AttachAsync(user.Id, typedCode,
                new SignupContext(HttpContext.Connection.RemoteIpAddress?.ToString(), ReferralCookies.DeviceId(HttpContext)));
        if (typedCode.Length > 0) ReferralCookies.ForgetCode(HttpContext);

        var language = Languages.IsSupported(Input.PreferredLanguage) ? Input.PreferredLanguage : Languages.English;
        if (language != CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
            Response.Cookies.Append(Cultures.CookieName, Cultures.CookieValue(language), Preferences.CookieOptions());
        return RedirectToPage("./RegisterCheckEmail");
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
