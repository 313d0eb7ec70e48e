using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Shell;

namespace Portal.Customers;

/// <summary>The card full-screen, for showing at a till.</summary>
public class CardModel(CustomerDirectory directory, IStringLocalizer<SharedResource> s) : PageModel
{
    public MembershipCard Card { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true || await directory.CardAsync(User.UserId(), ct) is not { } facts) return Challenge();
        Card = MembershipCard.For(facts, s, large: true);
        return Page();
    }
}
