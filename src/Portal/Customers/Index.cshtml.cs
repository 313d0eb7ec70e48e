using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Loyalty;

namespace Portal.Customers;

public class IndexModel(UserManager<PortalUser> users, PointsLedger ledger, IStringLocalizer<SharedResource> s) : PageModel
{
    public MembershipCard? Card { get; private set; }
    public bool EmailConfirmed { get; private set; }
    public LoyaltySummary? Loyalty { get; private set; }

    public async Task OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated != true || await users.GetUserAsync(User) is not { } user) return;
        Card = MembershipCard.For(user, s, large: false);
        EmailConfirmed = user.EmailConfirmed;
        if (User.IsInRole(Roles.Customer)) Loyalty = await ledger.SummaryAsync(user.Id);
    }
}
