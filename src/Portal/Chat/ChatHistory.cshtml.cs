using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Shell;

namespace Portal.Chat;

/// <summary>The customer's finished chats, and one chat's transcript.</summary>
[Authorize(Policy = Policies.Customer)]
public class ChatHistoryModel(ChatService chat, ChatTranscriptMail transcripts, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> s) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Emails the customer the transcript of one of their finished chats (once per chat).</summary>
    public async Task<IActionResult> OnPostEmailAsync(long? id, CancellationToken ct)
    {
        var me = new ChatViewer(User.UserId(), false);
        if (id is not { } chosen || await chat.FindForAsync(chosen, me, ct) is not { IsOpen: false } finished || finished.CustomerUserId != me.UserId)
            return NotFound();
        StatusMessage = await transcripts.RequestAsync(me.UserId, chosen, ct)
            ? s["We are emailing you this transcript."]
            : s["This transcript was already emailed to you."];
        return Redirect($"/support/chat/history/{chosen}");
    }

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
