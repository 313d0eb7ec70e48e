using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Customers.Account;

[AllowAnonymous]
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class ForgotPasswordModel(UserManager<PortalUser> users, Outbox outbox, PortalDbContext db) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        // The link goes to the address on the account, so whoever owns that mailbox may reset;
        // the answer is the same, and takes the same path and time, whether or not the account exists.
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        outbox.Raise(new PasswordResetRequested(user?.Id));
        await db.SaveChangesAsync();
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
