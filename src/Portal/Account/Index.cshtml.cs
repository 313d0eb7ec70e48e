using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Customers.Account;
using Portal.Shell;

namespace Portal.Account;

/// <summary>
/// The customer's own account: details (saved in place with htmx, or by a plain post), the email address (changed
/// once the new one is confirmed), and the way to password, two-step verification and phone verification.
/// </summary>
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class AccountModel(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AccountProfile profile, DataExports exports, AccountDeletions deletions, AccountDeletionOptions deletionOptions, TimeProvider clock,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public DetailsInput Input { get; set; } = new();
    public EmailInput Email { get; set; } = new();
    public DeleteInput Delete { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public PortalUser Customer { get; private set; } = null!;
    public string? PendingEmail { get; private set; }

    /// <summary>Set after an in-place save: the form shows "Saved".</summary>
    public bool DetailsSaved { get; private set; }
    public bool PhoneChanged { get; private set; }
    public bool EmailRequested { get; private set; }
    public DataExport? Export { get; private set; }
    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;
    public AccountDeletion? Deletion { get; private set; }
    public DeletionLosses Losses { get; private set; } = new(0, 0, 0, 0, 0);
    public int DeletionDelayDays => deletionOptions.DelayDays;
    public bool DeletionCancelled { get; private set; }

    public sealed class DeleteInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public string? TwoFactorCode { get; set; }
    }

    public sealed class DetailsInput : ProfileFields
    {
        [Display(Name = "Time zone")]
        public string? TimeZoneId { get; set; }
    }

    public sealed class EmailInput
    {
        [Required(ErrorMessage = "Enter your new email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256)]
        public string NewEmail { get; set; } = "";

        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return Challenge();
        Input = new DetailsInput
        {
            DisplayName = Customer.DisplayName, PhoneNumber = Customer.PhoneNumber, BirthDate = Customer.BirthDate,
            PreferredLanguage = Customer.PreferredLanguage, TimeZoneId = Customer.TimeZoneId,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync([Bind(Prefix = "Input")] DetailsInput input, CancellationToken ct)
    {
        Input = input;
        if (ModelState.IsValid)
        {
            var result = await profile.UpdateAsync(User.UserId(),
                new ProfileChange(input.DisplayName, input.PhoneNumber, input.BirthDate, input.PreferredLanguage, input.TimeZoneId), ct);
            foreach (var e in result.Errors) ModelState.AddModelError("Input." + char.ToUpperInvariant(e.Field[0]) + e.Field[1..], s.ProfileError(e));
            if (result.Succeeded)
            {
                var user = (await users.FindByIdAsync(User.UserId()))!;
                // Name and language live in the sign-in cookie; the language also in the switcher's cookie.
                await signIn.RefreshSignInAsync(user);
                Response.Cookies.Append(Cultures.CookieName, Cultures.CookieValue(user.PreferredLanguage), Preferences.CookieOptions());
                CultureInfo.CurrentUICulture = Cultures.For(user.PreferredLanguage);
                // A new language can turn the page around (dir): that takes a full load.
                if (!Request.WantsFragment() || result.LanguageChanged)
                {
                    StatusMessage = result.PhoneChanged && user.PhoneNumber is not null
                        ? s["Your details have been saved. Verify your new phone number to get text messages."]
                        : s["Your details have been saved."];
                    if (!Request.WantsFragment()) return RedirectToPage();
                    Response.Headers["HX-Redirect"] = Url.Page("/Account/Index");
                    return new NoContentResult();
                }
                DetailsSaved = true;
                PhoneChanged = result.PhoneChanged;
                ModelState.Clear();
                Input.PhoneNumber = user.PhoneNumber;
            }
        }
        if (!await LoadAsync()) return Challenge();
        return Request.WantsFragment() ? Partial("_Details", this) : Page();
    }

    public async Task<IActionResult> OnPostEmailAsync([Bind(Prefix = "Email")] EmailInput email)
    {
        Email = email;
        if (ModelState.IsValid && await profile.RequestEmailChangeAsync(User.UserId(), email.NewEmail, email.Password) is { } problem)
            ModelState.AddModelError(problem == EmailChangeProblem.WrongPassword ? "Email.Password" : "Email.NewEmail", s.EmailError(problem));
        if (ModelState.IsValid)
        {
            if (!Request.WantsFragment())
            {
                StatusMessage = s["We sent a link to {0}. Your email changes when you open it.", email.NewEmail.Trim()];
                return RedirectToPage();
            }
            EmailRequested = true;
            ModelState.Clear();
            Email = new EmailInput();
        }
        else Email.Password = "";
        if (!await LoadAsync()) return Challenge();
        return Request.WantsFragment() ? Partial("_Email", this) : Page();
    }

    public async Task<IActionResult> OnPostCancelEmailAsync()
    {
        await profile.CancelEmailChangeAsync(User.UserId());
        if (!Request.WantsFragment())
        {
            StatusMessage = s["The email change was cancelled."];
            return RedirectToPage();
        }
        if (!await LoadAsync()) return Challenge();
        return Partial("_Email", this);
    }

    /// <summary>Prepares "download my data" in the background; the section then follows it (htmx polls <see cref="OnGetExportAsync"/>).</summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        await exports.RequestAsync(User.UserId(), ct);
        if (!Request.WantsFragment())
        {
            StatusMessage = s["We are preparing your data. It takes a few minutes; this page shows when it is ready."];
            return Redirect("/account#account-export");
        }
        if (!await LoadAsync()) return Challenge();
        return Partial("_Export", this);
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        if (!await LoadAsync()) return Challenge();
        return Request.WantsFragment() ? Partial("_Export", this) : Redirect("/account#account-export");
    }

    /// <summary>Schedules the deletion; a wrong password or code changes nothing.</summary>
    public async Task<IActionResult> OnPostDeleteAsync([Bind(Prefix = "Delete")] DeleteInput delete, CancellationToken ct)
    {
        Delete = delete;
        if (ModelState.IsValid)
        {
            var (deletion, problem) = await deletions.RequestAsync(User.UserId(), delete.Password, delete.TwoFactorCode, ct);
            if (problem is { } p)
                ModelState.AddModelError(p == DeletionProblem.WrongPassword ? "Delete.Password" : "Delete.TwoFactorCode", s.DeletionError(p));
            else if (!Request.WantsFragment())
            {
                StatusMessage = s["Your account will be deleted on {0}.", Formats.LongDate(deletion!.ScheduledForUtc)];
                return Redirect("/account#account-delete");
            }
        }
        Delete = new DeleteInput();
        if (!await LoadAsync()) return Challenge();
        return Request.WantsFragment() ? Partial("_Delete", this) : Page();
    }

    public async Task<IActionResult> OnPostCancelDeletionAsync(CancellationToken ct)
    {
        await deletions.CancelAsync(User.UserId(), DeletionCancelledBy.Customer, ct);
        if (!Request.WantsFragment())
        {
            StatusMessage = s["Your account will not be deleted."];
            return Redirect("/account#account-delete");
        }
        DeletionCancelled = true;
        if (!await LoadAsync()) return Challenge();
        return Partial("_Delete", this);
    }

    private async Task<bool> LoadAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return false;
        Customer = user;
        PendingEmail = await profile.PendingEmailAsync(user);
        Export = await exports.LatestAsync(user.Id);
        Deletion = await deletions.LatestAsync(user.Id);
        Losses = await deletions.LossesAsync(user.Id);
        return true;
    }
}
