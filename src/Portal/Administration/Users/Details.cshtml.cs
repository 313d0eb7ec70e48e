using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Administration.Users;

/// <summary>One person: their roles, whether they can sign in, and what admins changed.</summary>
public class DetailsModel(CustomerDirectory directory, PeopleAdministration admin, IStringLocalizer<SharedResource> s) : PageModel
{
    public PersonDetails Person { get; private set; } = null!;
    public IReadOnlyList<AuditLine> History { get; private set; } = [];
    public bool IsSelf { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose one of the listed roles.")]
        [Display(Name = "Role")]
        public string Role { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string id) =>
        await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostAddRoleAsync(string id) =>
        RoleChangeAsync(id, () => admin.AddRoleAsync(User.UserId(), id, Input.Role), "Role given: {0}.");

    public Task<IActionResult> OnPostRemoveRoleAsync(string id) =>
        RoleChangeAsync(id, () => admin.RemoveRoleAsync(User.UserId(), id, Input.Role), "Role removed: {0}.");

    public Task<IActionResult> OnPostLockAsync(string id) =>
        ApplyAsync(id, () => admin.LockAsync(User.UserId(), id), s["Account locked. They are signed out everywhere."]);

    public Task<IActionResult> OnPostUnlockAsync(string id) =>
        ApplyAsync(id, () => admin.UnlockAsync(User.UserId(), id), s["Account unlocked."]);

    private async Task<IActionResult> RoleChangeAsync(string id, Func<Task<PeopleAdminResult>> change, string successKey)
    {
        if (!ModelState.IsValid) return await LoadAsync(id) ? Page() : NotFound();
        return await ApplyAsync(id, change, s[successKey, s.Role(Input.Role)]);
    }

    private async Task<IActionResult> ApplyAsync(string id, Func<Task<PeopleAdminResult>> change, string success)
    {
        var result = await change();
        if (result.Succeeded)
        {
            StatusMessage = success;
            return RedirectToPage(new { id });
        }
        if (result.Error == PeopleAdminError.PersonNotFound) return NotFound();
        ModelState.AddModelError(string.Empty, AdminMessages.For(s, result.Error!.Value));
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (await directory.FindByIdAsync(id, HttpContext.RequestAborted) is not { } person) return false;
        Person = person;
        IsSelf = person.Id == User.UserId();
        History = await admin.HistoryAsync(id);
        return true;
    }

    public string Describe(AuditLine line) => line.Action switch
    {
        AuditAction.RoleAdded => s["Gave the role {0}", s.Role(line.Detail)],
        AuditAction.RoleRemoved => s["Removed the role {0}", s.Role(line.Detail)],
        AuditAction.Locked => s["Locked the account"],
        AuditAction.Unlocked => s["Unlocked the account"],
        AuditAction.ReferralApproved => s["Audit.ReferralApproved"],
        AuditAction.ReferralRejected => s["Audit.ReferralRejected"],
        AuditAction.SecurityAlertConfirmed => s["Audit.SecurityAlertConfirmed"],
        AuditAction.SecurityAlertDismissed => s["Audit.SecurityAlertDismissed"],
        AuditAction.RedemptionReleased => s["Audit.RedemptionReleased"],
        AuditAction.RedemptionCancelled => s["Audit.RedemptionCancelled"],
        AuditAction.HoldReleased => s["Audit.HoldReleased"],
        AuditAction.HoldCancelled => s["Audit.HoldCancelled"],
        _ => line.Action.ToString(),
    };
}
