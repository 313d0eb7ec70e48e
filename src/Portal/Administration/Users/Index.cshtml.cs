using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Customers.Staff;
using Portal.Shell;

namespace Portal.Administration.Users;

/// <summary>Everyone with an account, searchable by name, email or Customer ID.</summary>
public class UsersIndexModel(CustomerDirectory directory, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DirectoryPage Results { get; private set; } = null!;

    /// <summary>Why the typed Customer ID cannot be used, in the reader's language.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Problem = CustomerIdMessages.For(s, (await directory.InterpretAsync(Query?.Trim(), ct)).Reading);
        Results = await directory.SearchAsync(Query, PageNumber, ct);
        return Request.WantsFragment() ? Partial("_Results", this) : Page();
    }

    public string PageUrl(int page) =>
        $"/admin/users?q={Uri.EscapeDataString(Query?.Trim() ?? "")}&p={page}";
}
