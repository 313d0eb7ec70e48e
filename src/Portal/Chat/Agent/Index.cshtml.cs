using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Customers.Staff;
using Portal.Shell;

namespace Portal.Chat.Agent;

/// <summary>
/// The agent console (/agent): the live queue, the agent's chats, the conversation, and beside it who the customer is.
/// Everything live runs over the chat hub (agent-chat.js); the customer panels come from here.
/// </summary>
public class IndexModel(ChatService chat, CustomerDirectory directory, CustomerProfileView view, Portal.Core.Tickets.CannedReplies canned) : PageModel
{
    public PersonDetails? Customer { get; private set; }
    public IReadOnlyList<ProfilePanel> Panels { get; private set; } = [];

    /// <summary>The same ready answers as in tickets, inserted into a chat reply.</summary>
    public IReadOnlyList<Portal.Core.Tickets.CannedReply> Canned { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Canned = await canned.ListAsync(ct);

    /// <summary>The profile panels of the customer in a chat this agent may see (theirs, or waiting).</summary>
    public async Task<IActionResult> OnGetCustomerAsync(long conversationId, CancellationToken ct)
    {
        var conversation = await chat.FindForAsync(conversationId, new ChatViewer(User.UserId(), true), ct);
        if (conversation is null || await directory.FindByIdAsync(conversation.CustomerUserId, ct) is not { } customer) return NotFound();
        Customer = customer;
        Panels = await view.LoadAsync(customer, User, ct);
        return Partial("_Customer", this);
    }
}
