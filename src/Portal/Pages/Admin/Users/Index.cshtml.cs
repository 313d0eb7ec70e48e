using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Pages.Admin.Users;

/// <summary>Everyone with an account, searchable by name, email or Customer ID.</summary>
public class UsersIndexModel(CustomerDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DirectoryPage Results { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Results = await directory.SearchAsync(Query, PageNumber, ct);
        return Request.WantsFragment() ? Partial("_Results", this) : Page();
    }

    public string PageUrl(int page) =>
        $"/admin/users?q={Uri.EscapeDataString(Query?.Trim() ?? "")}&p={page}";
}
