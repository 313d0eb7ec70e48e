using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core;
using Portal.Core.Demo;
using Portal.Core.Faq;
using Portal.Shell.Modules;

namespace Portal.Faq;

/// <summary>The help centre: FAQ articles in both languages, search and votes; staff edit them in Markdown.</summary>
public sealed class FaqModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddFaq();
        builder.Services.AddDemoData<FaqDemo>();
        builder.Services.AddNavigation(
            new NavEntry("/support", "Help", NavAudience.Customer, NavGroups.Support, 30, Icons.Help),
            new NavEntry("/staff/faq", "FAQ", NavAudience.Staff, NavGroups.Content, 20, Icons.Book, Policies.Staff));
    }

    public override void ConfigurePages(PageConventionCollection pages) =>
        pages.AuthorizeFolder("/Faq/Staff", Policies.CustomerLookup);
}
