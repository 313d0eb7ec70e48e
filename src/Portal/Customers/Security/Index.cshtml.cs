using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Customers.Security;

/// <summary>The signed-in person's own account: only ever their own user is loaded.</summary>
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class IndexModel(
    UserManager<PortalUser> users, Outbox outbox, PortalDbContext db, IStringLocalizer<SharedResource> s) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public string Email { get; private set; } = "";
    public bool EmailConfirmed { get; private set; }
    public string DisplayName { get; private set; } = "";
    public CustomerNumber CustomerNumber { get; private set; }
    public bool TwoFactorEnabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Email = user.Email ?? "";
        EmailConfirmed = user.EmailConfirmed;
        DisplayName = user.DisplayName;
        CustomerNumber = user.Number;
        TwoFactorEnabled = user.TwoFactorEnabled;
        RecoveryCodesLeft = TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return Page();
    }

    public async Task<IActionResult> OnPostSendConfirmationAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!user.EmailConfirmed)
        {
            outbox.Raise(new EmailConfirmationRequested(user.Id));
            await db.SaveChangesAsync();
            StatusMessage = s["We sent a confirmation link to {0}.", user.Email!];
        }
        return RedirectToPage();
    }
}
