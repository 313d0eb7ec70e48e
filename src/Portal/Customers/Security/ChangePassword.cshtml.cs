using System.Security.Claims;
using Portal.Core.Security;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Customers.Security;

// Rate limited: the current-password check must not become a way to guess it.
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class ChangePasswordModel(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AccountEventRecorder events, IStringLocalizer<SharedResource> s, SignInSessions sessions) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter a password.")]
        [StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength, ErrorMessage = "Use {2} to {1} characters for your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter the password again.")]
        [Compare(nameof(NewPassword), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await users.GetUserAsync(User) is not { } user) return Challenge();

        var result = await events.WithAsync(new PasswordChanged(user.Id), () => users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword));
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var key = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Input.CurrentPassword"
                    : error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.NewPassword"
                    : string.Empty;
                ModelState.AddModelError(key, error.Description);
            }
            return Page();
        }
        // Every other browser and app signs in again with the new password; this one stays, with a renewed cookie.
        await sessions.EndAllAsync(user.Id, SessionEndReasons.PasswordChanged, User.FindFirstValue(Portal.Security.SessionClaims.SessionId));
        await signIn.RefreshSignInAsync(user);
        StatusMessage = s["Your password has been changed."];
        return RedirectToPage("./Index");
    }
}
