using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Notifications.Sms;
using Portal.Shell;

namespace Portal.Notifications.Phone;

/// <summary>
/// The phone section's actions: send a code, confirm it, enter another number. htmx swaps the section in place; a
/// plain form post comes back to /notifications with the answer. The page itself shows the section alone.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class PhoneModel(PhoneVerificationService verification, UserManager<PortalUser> users, SignInManager<PortalUser> signIn,
    CustomerTimeZones zones, IStringLocalizer<SharedResource> s) : PageModel
{
    public PhoneSection Section { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(bool change, CancellationToken ct)
    {
        Section = await LoadAsync(ct);
        Section.Changing = change;
        if (TempData[PhoneSection.MessageKey] is string message)
            (Section.Message, Section.IsError) = (message, TempData[PhoneSection.ErrorKey] is true);
        return Page();
    }

    public Task<IActionResult> OnGetChangeAsync(CancellationToken ct) =>
        Request.WantsFragment() ? ChangeFragmentAsync(ct) : OnGetAsync(true, ct);

    public async Task<IActionResult> OnPostSendAsync(string? phoneNumber, CancellationToken ct)
    {
        var result = await verification.RequestCodeAsync(User.UserId(), phoneNumber, ct);
        return await AnswerAsync(result, result.Outcome == PhoneVerificationOutcome.InvalidNumber ? phoneNumber : null, ct);
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? code, CancellationToken ct)
    {
        var result = await verification.ConfirmAsync(User.UserId(), code, ct);
        // The security stamp changed: keep this browser signed in (other sessions end, as after any contact change).
        if (result.Outcome == PhoneVerificationOutcome.Verified && await users.GetUserAsync(User) is { } user)
            await signIn.RefreshSignInAsync(user);
        return await AnswerAsync(result, null, ct);
    }

    private async Task<IActionResult> ChangeFragmentAsync(CancellationToken ct)
    {
        Section = await LoadAsync(ct);
        Section.Changing = true;
        return Partial(PhoneSection.View, Section);
    }

    private async Task<IActionResult> AnswerAsync(PhoneVerificationResult result, string? entered, CancellationToken ct)
    {
        var section = await LoadAsync(ct);
        var answer = s.Describe(result, section.Zone);
        if (!Request.WantsFragment())
        {
            TempData[PhoneSection.MessageKey] = answer.Text;
            TempData[PhoneSection.ErrorKey] = answer.IsError;
            if (entered is not null) TempData[PhoneSection.EnteredKey] = entered;
            return Redirect("/notifications#phone-title");
        }
        (section.Message, section.IsError, section.EnteredNumber) = (answer.Text, answer.IsError, entered);
        // A bad number keeps the number form open even while an earlier code is still waiting.
        section.Changing = result.Outcome == PhoneVerificationOutcome.InvalidNumber;
        return Partial(PhoneSection.View, section);
    }

    private Task<PhoneSection> LoadAsync(CancellationToken ct) => PhoneSection.LoadAsync(User.UserId(), verification, zones, ct);
}
