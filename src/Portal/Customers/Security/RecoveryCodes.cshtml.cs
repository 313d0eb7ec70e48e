using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Customers.Security;

/// <summary>New recovery codes, shown once: they travel here in TempData and are gone after this page.</summary>
public class RecoveryCodesModel : PageModel
{
    public const string TempDataKey = "RecoveryCodes";

    public IReadOnlyList<string> Codes { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (TempData[TempDataKey] is not string[] { Length: > 0 } codes) return RedirectToPage("./TwoFactor");
        Codes = codes;
        return Page();
    }
}
