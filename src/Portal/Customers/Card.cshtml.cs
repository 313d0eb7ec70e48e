using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Customers;

/// <summary>The card full-screen, for showing at a till.</summary>
public class CardModel(UserManager<PortalUser> users, IStringLocalizer<SharedResource> s) : PageModel
{
    public MembershipCard Card { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Card = MembershipCard.For(user, s, large: true);
        return Page();
    }
}
