using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Customers.Account;

[AllowAnonymous]
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class LoginWith2faModel(SignInManager<PortalUser> signIn, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(10, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [Display(Name = "Authentication code")]
        public string TwoFactorCode { get; set; } = "";

        [Display(Name = "Remember this device")]
        public bool RememberMachine { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        // Only someone who has just given the right password has a pending two-factor sign-in.
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("./Login", new { ReturnUrl });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("./Login", new { ReturnUrl });

        var code = OneTimeCodes.CleanAuthenticatorCode(Input.TwoFactorCode);
        // Counts failures towards lockout by itself.
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            await Portal.Account.DeletionSignIn.CancelDeletionAsync(HttpContext, user.Id, TempData);
            return LocalRedirect(Url.LocalOrHome(ReturnUrl));
        }
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? LockoutMessage.For(await signIn.GetTwoFactorAuthenticationUserAsync(), s)
            : s["That code is not correct. Check the time on your phone and try the newest code."]);
        return Page();
    }
}
