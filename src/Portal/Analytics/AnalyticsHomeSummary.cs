using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Core.Analytics;
using Portal.Core.Customers;
using Portal.Shell;
using Portal.Shell.Modules;

namespace Portal.Analytics;

/// <summary>What the customer spent in the last 12 months (the dashboard's first chart), on the home page.</summary>
public sealed class AnalyticsHomeSummary(CustomerAnalytics analytics, IStringLocalizer<SharedResource> s) : IHomeSummaryProvider
{
    public async Task<HomeSummary?> SummarizeAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Customer)) return null;
        var spent = await analytics.SpentAsync(user.UserId(), 12, ct);
        return new HomeSummary("/analytics", s["Spent in the last 12 months"], AnalyticsText.Money(spent, analytics.Currency), 30)
        {
            LinkId = "analytics-summary",
            ValueId = "home-spent",
        };
    }
}
