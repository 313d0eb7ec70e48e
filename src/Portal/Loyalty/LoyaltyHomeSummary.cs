using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Shell;
using Portal.Shell.Modules;

namespace Portal.Loyalty;

/// <summary>The customer's tier and spendable points, on the home page.</summary>
public sealed class LoyaltyHomeSummary(PointsLedger ledger, IStringLocalizer<SharedResource> s) : IHomeSummaryProvider
{
    public async Task<HomeSummary?> SummarizeAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Customer)) return null;
        var summary = await ledger.SummaryAsync(user.UserId(), ct);
        return new HomeSummary("/loyalty", s.Member(summary.Tier.Tier), s.PointsWorth(ledger.Options, summary.Active), 10)
        {
            // The same one-line nudge as /loyalty, when something expires soon.
            Note = summary.Expiring.Any(e => e.Soon) ? s.ExpiryNudge(summary) : null,
            NoteId = "home-expiry",
            LinkId = "loyalty-summary",
            LabelId = "home-tier",
            ValueId = "home-points",
        };
    }
}
