using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Shell;

namespace Portal.Chat;

/// <summary>
/// The customer's live chat: start one (when an agent is online within business hours), wait in line, talk,
/// then rate it. The transcript is rendered here and kept live by chat.js over the hub.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class ChatModel(ChatService chat, ChatAvailability availability, ChatBroadcaster broadcast, TimeProvider clock, IStringLocalizer<SharedResource> s) : PageModel
{
    /// <summary>How long after the end a chat is still offered for rating on this page (history keeps it).</summary>
    private static readonly TimeSpan RatingOffered = TimeSpan.FromDays(1);

    [BindProperty]
    public RatingInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>The open chat (waiting or active), or the one that just ended and awaits a rating.</summary>
    public ConversationView? Conversation { get; private set; }
    public IReadOnlyList<ChatLine> Lines { get; private set; } = [];
    public int? QueuePosition { get; private set; }
    public bool WithinHours { get; private set; }
    public bool AgentOnline { get; private set; }
    public bool CanStart => WithinHours && AgentOnline;
    public DateTimeOffset? OpensAt { get; private set; }
    public SupportHours Hours => availability.Hours;
    public bool CanRate => Conversation is { Status: ConversationStatus.Closed, Rating: null };

    public sealed class RatingInput
    {
        [Required(ErrorMessage = "Choose a rating from 1 to 5.")]
        [Range(1, 5, ErrorMessage = "Choose a rating from 1 to 5.")]
        public int? Rating { get; set; }

        [StringLength(Core.Chat.Conversation.MaxRatingComment, ErrorMessage = "The comment is too long: at most 1,000 characters.")]
        public string? Comment { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (await chat.OpenConversationAsync(User.UserId(), ct) is null)
        {
            if (!await availability.IsAvailableAsync()) return RedirectToPage();
            await chat.StartAsync(User.UserId(), ct);
            await broadcast.QueueChangedAsync(ct);
        }
        return RedirectToPage();
    }

    /// <summary>Leaves the queue, or ends the chat.</summary>
    public async Task<IActionResult> OnPostCloseAsync(long conversationId, CancellationToken ct)
    {
        var result = await chat.CloseAsync(conversationId, new ChatViewer(User.UserId(), false), ct);
        if (result.Value is { } closed)
        {
            await broadcast.ClosedAsync(closed, ct);
            // An ended chat says so once, in its rating panel; leaving the queue has no panel to say it.
            if (closed.Status == ConversationStatus.Abandoned) StatusMessage = s["You have left the queue."];
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRateAsync(long conversationId, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await chat.RateAsync(conversationId, User.UserId(), Input.Rating!.Value, Input.Comment, ct);
            if (result.Succeeded)
            {
                StatusMessage = s["Thank you for rating this chat."];
                return RedirectToPage();
            }
            ModelState.AddModelError(string.Empty, ChatMessages.For(s, result.Error!.Value));
        }
        await LoadAsync(ct, conversationId);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct, long? rating = null)
    {
        var me = User.UserId();
        WithinHours = availability.WithinHours;
        AgentOnline = await availability.AgentOnlineAsync();
        if (!WithinHours) OpensAt = availability.NextOpening;
        Conversation = await chat.OpenConversationAsync(me, ct);
        if (Conversation is null)
        {
            var last = rating is { } id ? await chat.FindForAsync(id, new ChatViewer(me, false), ct) : (await chat.HistoryAsync(me, 1, ct)).FirstOrDefault();
            if (last is { Status: ConversationStatus.Closed, Rating: null, ClosedUtc: { } closed } && clock.GetUtcNow().UtcDateTime - closed < RatingOffered)
                Conversation = last;
        }
        if (Conversation is null) return;
        var messages = await chat.TranscriptAsync(Conversation.Id, new ChatViewer(me, false), null, ct) ?? [];
        Lines = ChatLine.For(messages, ChatSender.Customer, Conversation.AgentLastReadMessageId);
        QueuePosition = await chat.QueuePositionAsync(Conversation.Id, ct);
    }
}
