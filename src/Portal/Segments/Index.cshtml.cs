using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Loyalty;
using Portal.Core.Segments;
using Portal.Shell;

namespace Portal.Segments;

/// <summary>The customer's segment: what it means, its benefits, what moves them up, and their history.</summary>
[Authorize(Policy = Policies.Customer)]
public class SegmentModel(SegmentQueries queries, LoyaltyOptions loyalty) : PageModel
{
    public CustomerSegmentView View { get; private set; } = null!;
    public SegmentOptions Options => queries.Options;
    public string Currency => loyalty.Currency;

    public async Task OnGetAsync(CancellationToken ct) => View = await queries.ForCustomerAsync(User.UserId(), ct);
}
