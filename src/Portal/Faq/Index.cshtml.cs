using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Faq;
using Portal.Shell;
using Portal.Tickets;

namespace Portal.Faq;

/// <summary>The help centre: search the FAQ, browse it by category, and ways to reach a person.</summary>
[AllowAnonymous]
public class SupportIndexModel(FaqCatalog catalog, Portal.Core.Tickets.TicketService tickets, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> s) : PageModel
{
    /// <summary>The contact form, embedded: it posts to /support/contact, which makes the ticket.</summary>
    public ContactModel Contact { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<FaqSection> Sections { get; private set; } = [];

    /// <summary>Null when nothing was searched for.</summary>
    public IReadOnlyList<FaqArticleLink>? Results { get; private set; }

    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Query)) Results = await catalog.SearchAsync(Query, Language, ct);
        if (Request.WantsFragment()) return Partial("_FaqResults", this);
        Sections = await catalog.SectionsAsync(Language, ct);
        Contact = new ContactModel(tickets, s);
        if (User.Identity?.IsAuthenticated == true)
        {
            Contact.Input.Name = User.DisplayName();
            Contact.Input.Email = User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? User.Identity.Name ?? "";
        }
        return Page();
    }
}
