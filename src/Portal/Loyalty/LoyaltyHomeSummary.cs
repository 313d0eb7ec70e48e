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
        return new HomeSummary("/loyalty", s["{0} member", s.TierName(summary.Tier.Tier)], s.Plural("{0} points", summary.Active), 10)
        {
            LinkId = "loyalty-summary",
            LabelId = "home-tier",
            ValueId = "home-points",
        };
    }
}
