using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Customers.Security;

/// <summary>The details moved to /account; old links and bookmarks land there.</summary>
public class ProfileModel : PageModel
{
    public IActionResult OnGet() => RedirectPermanent("/account");
}
