using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Customers.Account;

[AllowAnonymous]
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class ResendEmailConfirmationModel(
    UserManager<PortalUser> users, Outbox outbox, PortalDbContext db, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

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
        if (await users.FindByEmailAsync(Input.Email.Trim()) is { EmailConfirmed: false } user)
            outbox.Raise(new EmailConfirmationRequested(user.Id));
            await db.SaveChangesAsync();
        // The same answer whether or not the account exists.
        StatusMessage = s["If an account exists for that email, we have sent a new confirmation link."];
        return RedirectToPage();
    }
}
