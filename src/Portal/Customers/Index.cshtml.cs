using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Shell;
using Portal.Shell.Modules;

namespace Portal.Customers;

/// <summary>A section on the home page: its navigation entry and, when its module has one, a live line about it.</summary>
public sealed record HomeSection(NavEntry Entry, HomeSummary? Summary);

public class IndexModel(
    CustomerDirectory directory, PortalNavigation navigation, IEnumerable<IHomeSummaryProvider> summaries,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public MembershipCard? Card { get; private set; }
    public bool EmailConfirmed { get; private set; }
    public IReadOnlyList<HomeSection> Sections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true || await directory.CardAsync(User.UserId(), ct) is not { } facts) return;
        Card = MembershipCard.For(facts, s, large: false);
        EmailConfirmed = facts.EmailConfirmed;
        // Providers share the request's DbContext, so they run one after another.
        var lines = new List<HomeSummary>();
        foreach (var provider in summaries)
            if (await provider.SummarizeAsync(User, ct) is { } line) lines.Add(line);
        Sections = (await navigation.ForAsync(User))
            .Where(e => e.Audience == NavAudience.Customer && e.Href != "/")
            .Select(e => new HomeSection(e, lines.FirstOrDefault(l => l.Href == e.Href)))
            .ToList();
    }
}
