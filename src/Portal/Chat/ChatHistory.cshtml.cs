using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Shell;

namespace Portal.Chat;

/// <summary>The customer's finished chats, and one chat's transcript.</summary>
[Authorize(Policy = Policies.Customer)]
public class ChatHistoryModel(ChatService chat) : PageModel
{
    public IReadOnlyList<ConversationView> Chats { get; private set; } = [];
    public ConversationView? Selected { get; private set; }
    public IReadOnlyList<ChatLine> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        var me = new ChatViewer(User.UserId(), false);
        if (id is { } chosen)
        {
            // Only the customer's own finished chats; anyone else's is simply not there.
            Selected = await chat.FindForAsync(chosen, me, ct);
            if (Selected is null || Selected.CustomerUserId != me.UserId || Selected.IsOpen) return NotFound();
            Lines = ChatLine.For(await chat.TranscriptAsync(chosen, me, null, ct) ?? [], ChatSender.Customer, Selected.AgentLastReadMessageId);
            return Page();
        }
        Chats = await chat.HistoryAsync(me.UserId, 50, ct);
        return Page();
    }
}
