using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Portal.Tickets.Agent.CannedReplies;

public class EditCannedReplyModel(Core.Tickets.CannedReplies canned, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public CannedReplyForm Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await canned.FindAsync(id, ct) is not { } reply) return NotFound();
        Input = CannedReplyForm.From(reply);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var (_, error) = await canned.SaveAsync(id, Input.ToInput(), ct);
        if (error is Core.Tickets.CannedReplyError.NotFound) return NotFound();
        if (error is { } e)
        {
            Input.AddError(ModelState, e, s);
            return Page();
        }
        StatusMessage = s["Canned reply saved."];
        return RedirectToPage("./Index");
    }
}
