using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Customers.Staff;

/// <summary>
/// Customer look-up: a typed or scanned Customer ID opens the profile at once; anything else searches
/// names, emails and phone numbers.
/// </summary>
public class CustomersIndexModel(CustomerDirectory directory, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DirectoryPage? Results { get; private set; }

    /// <summary>Why the typed Customer ID cannot be used, in the reader's language.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var text = Query?.Trim() ?? "";
        if (text.Length > 0)
        {
            var id = await directory.InterpretAsync(text, ct);
            // Typing as you go shows the match; pressing Enter or scanning opens it.
            if (id is { Reading: CustomerIdReading.Found, Number: { } number } && !Request.WantsFragment())
                return Redirect(ProfileUrl(number.Value));
            Problem = CustomerIdMessages.For(s, id.Reading);
            // Ten digits may also be part of a phone number.
            Results = await directory.SearchAsync(text, PageNumber, ct);
        }
        return Request.WantsFragment() ? Partial("_Results", this) : Page();
    }

    public static string ProfileUrl(string customerNumber) => $"/staff/customers/{customerNumber}";

    public string PageUrl(int page) =>
        $"/staff/customers?q={Uri.EscapeDataString(Query?.Trim() ?? "")}&p={page}";
}
