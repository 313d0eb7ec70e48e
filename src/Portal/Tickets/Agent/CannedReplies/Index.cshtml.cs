using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;

namespace Portal.Tickets.Agent.CannedReplies;

/// <summary>Agents' ready answers: the list, adding one, and deleting one.</summary>
public class CannedRepliesModel(Core.Tickets.CannedReplies canned, IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<CannedReply> Replies { get; private set; } = [];

    [BindProperty]
    public CannedReplyForm Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Replies = await canned.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var (_, error) = await canned.SaveAsync(null, Input.ToInput(), ct);
            if (error is null)
            {
                StatusMessage = s["Canned reply added."];
                return RedirectToPage();
            }
            Input.AddError(ModelState, error.Value, s);
        }
        Replies = await canned.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        StatusMessage = await canned.DeleteAsync(id, ct) ? s["Canned reply deleted."] : s["That canned reply no longer exists."];
        return RedirectToPage();
    }
}
