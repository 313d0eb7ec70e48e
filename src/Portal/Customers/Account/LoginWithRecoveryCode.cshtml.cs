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
public class LoginWithRecoveryCodeModel(SignInManager<PortalUser> signIn, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter one of your recovery codes.")]
        [StringLength(20, ErrorMessage = "That recovery code is not valid.")]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("./Login", new { ReturnUrl });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("./Login", new { ReturnUrl });

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(OneTimeCodes.CleanRecoveryCode(Input.RecoveryCode));
        if (result.Succeeded)
        {
            await Portal.Account.DeletionSignIn.CancelDeletionAsync(HttpContext, user.Id, TempData);
            return LocalRedirect(Url.LocalOrHome(ReturnUrl));
        }
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? LockoutMessage.For(await signIn.GetTwoFactorAuthenticationUserAsync(), s)
            : s["That recovery code is not valid."]);
        return Page();
    }
}
