using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Shell;

namespace Portal.Loyalty.Staff.Integrations;

/// <summary>The confirm step before a key stops working.</summary>
[Authorize(Policy = Policies.Staff)]
public class RevokeModel(IntegrationKeys keys, IStringLocalizer<SharedResource> s) : PageModel
{
    public IntegrationKey Key { get; private set; } = null!;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } key) return NotFound();
        if (key.IsRevoked) return AlreadyRevoked(key);
        Key = key;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } key) return NotFound();
        if (!await keys.RevokeAsync(id, User.DisplayName(), ct)) return AlreadyRevoked(key);
        StatusMessage = s["Key revoked: {0}. It stopped working at once.", key.Name];
        return Redirect("/staff/integrations");
    }

    private IActionResult AlreadyRevoked(IntegrationKey key)
    {
        StatusMessage = s["This key was already revoked: {0}.", key.Name];
        return Redirect("/staff/integrations");
    }

    private async Task<IntegrationKey?> FindAsync(long id, CancellationToken ct) =>
        (await keys.AllAsync(ct)).FirstOrDefault(k => k.Id == id);
}
