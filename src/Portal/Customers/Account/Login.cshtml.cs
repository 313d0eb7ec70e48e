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
public class LoginModel(SignInManager<PortalUser> signIn, AccountEventRecorder events, Portal.Shell.Api.SignInLimiter limiter, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await limiter.AttemptAsync(Input.Email) is { } wait)
        {
            Portal.Shell.Api.PortalRateLimits.SetRetryAfter(Response, wait);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ModelState.AddModelError(string.Empty, s["Too many attempts"] + " " + s["Please wait a minute and try again."]);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        await events.SignInAsync(Input.Email.Trim(), result, HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString());
        if (result.Succeeded)
        {
            await Portal.Account.DeletionSignIn.CancelDeletionAsync(HttpContext, (await signIn.UserManager.FindByEmailAsync(Input.Email.Trim()))?.Id, TempData);
            return LocalRedirect(SafeReturnUrl);
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl = SafeReturnUrl, Input.RememberMe });
        if (result.IsLockedOut)
        {
            ModelState.AddModelError(string.Empty, LockoutMessage.For(await signIn.UserManager.FindByEmailAsync(Input.Email.Trim()), s));
            return Page();
        }
        // Same message whether the email exists or not.
        ModelState.AddModelError(string.Empty, s["The email or password is not correct."]);
        return Page();
    }

    private string SafeReturnUrl => Url.LocalOrHome(ReturnUrl);
}
