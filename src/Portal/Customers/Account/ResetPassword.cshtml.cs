using Portal.Core.Security;
using System.ComponentModel.DataAnnotations;
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
public class ResetPasswordModel(UserManager<PortalUser> users, AccountEventRecorder events, SignInSessions sessions) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkIsUsable => !string.IsNullOrEmpty(Input.Code);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a password.")]
        [StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength, ErrorMessage = "Use {2} to {1} characters for your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Enter the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";

        public string Code { get; set; } = "";
    }

    public void OnGet(string? code, string? email)
    {
        Input.Code = code ?? "";
        Input.Email = email ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!LinkIsUsable) return Page();
        if (!ModelState.IsValid) return Page();

        // An unknown email gets the same answer as a bad link: no token can be valid for it, and the
        // form must not tell which emails have accounts.
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        var token = AccountMail.Decode(Input.Code);
        var result = token is null || user is null
            ? IdentityResult.Failed(users.ErrorDescriber.InvalidToken())
            : await events.WithAsync(new PasswordChanged(user.Id), () => users.ResetPasswordAsync(user, token, Input.Password));
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : string.Empty, error.Description);
            return Page();
        }
        // They just proved they own the mailbox: earlier failed attempts no longer count against them.
        // An admin's lock stays: owning the mailbox is not what the admin doubted.
        await sessions.EndAllAsync(user!.Id, SessionEndReasons.PasswordChanged);
        await users.ResetAccessFailedCountAsync(user!);
        if (!user!.IsLockedByAdmin) await users.SetLockoutEndDateAsync(user, null);
        return RedirectToPage("./ResetPasswordConfirmation");
    }
}
