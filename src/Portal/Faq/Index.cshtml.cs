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
public class SupportIndexModel(FaqCatalog catalog, Portal.Core.Tickets.TicketService tickets, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> s,
    Portal.Core.Tickets.TicketQueries ticketQueries, Portal.Core.Chat.ChatService chats, Portal.Chat.ChatAvailability availability,
    Microsoft.Extensions.Options.IOptions<Portal.Core.Chat.SupportHours> hours, TimeProvider clock) : PageModel
{
    /// <summary>Whether a chat can start now, said before the customer clicks.</summary>
    public bool ChatWithinHours { get; private set; }
    public bool AgentOnline { get; private set; }

    /// <summary>When chat opens next (business time zone), when it is closed now.</summary>
    public DateTimeOffset? ChatOpensAt { get; private set; }

    public Portal.Core.Chat.SupportHours Hours => hours.Value;

    /// <summary>The signed-in customer's tickets and chats; empty for visitors.</summary>
    public IReadOnlyList<Portal.Core.Tickets.TicketActivity> MyTickets { get; private set; } = [];
    public IReadOnlyList<(Portal.Core.Chat.ConversationView Chat, DateTime? LastMessageUtc)> MyChats { get; private set; } = [];
    public bool IsCustomer { get; private set; }

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
            IsCustomer = true;
            MyTickets = await ticketQueries.ActivityAsync(User.AsTicketCustomer(), 3, ct);
            MyChats = await chats.CustomerActivityAsync(User.UserId(), 3, ct);
        }
        ChatWithinHours = availability.WithinHours;
        AgentOnline = await availability.AgentOnlineAsync();
        if (!ChatWithinHours) ChatOpensAt = hours.Value.NextOpening(clock.GetUtcNow());
        return Page();
    }
}
