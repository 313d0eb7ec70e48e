using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Tickets;
using Portal.Customers.Staff;
using Portal.Shell;
using Portal.Tickets;

namespace Portal.Tickets.Agent;

/// <summary>
/// One ticket as an agent works on it: the whole conversation with internal notes, replies (with canned replies),
/// status and assignment, and the customer's profile panels beside it.
/// </summary>
// Three 5 MB files with a reply, as with a new ticket.
[RequestSizeLimit(NewTicketModel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = NewTicketModel.MaxRequestBytes)]
public class AgentTicketModel(
    TicketQueries queries, TicketService tickets, Core.Tickets.CannedReplies canned, TicketAttachmentStore files,
    CustomerDirectory directory, CustomerProfileView profile, TimeProvider clock, IStringLocalizer<SharedResource> s) : PageModel
{
    public TicketView View { get; private set; } = null!;
    public PersonDetails? Customer { get; private set; }
    public IReadOnlyList<ProfilePanel> Panels { get; private set; } = [];
    public IReadOnlyList<CannedReply> Canned { get; private set; } = [];
    public IReadOnlyList<AgentChoice> Agents { get; private set; } = [];
    public IReadOnlyList<TicketStatus> NextStatuses { get; private set; } = [];
    public DateTime NowUtc { get; private set; }

    /// <summary>The language canned replies are inserted in: the customer's.</summary>
    public string ReplyLanguage => Customer?.PreferredLanguage ?? Languages.English;

    [BindProperty]
    public ReplyInput Reply { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public string? FragmentMessage { get; private set; }

    public sealed class ReplyInput
    {
        [Required(ErrorMessage = "Write a message.")]
        [StringLength(TicketComment.MaxBodyLength, ErrorMessage = "Messages can be at most {1} characters.")]
        [Display(Name = "Reply")]
        public string Body { get; set; } = "";

        public bool Internal { get; set; }

        public List<IFormFile> Files { get; set; } = [];
    }

    public string TicketUrl => $"/agent/tickets/{View.Ticket.Number}";

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken ct) =>
        await LoadAsync(number, withAside: true, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(int number, CancellationToken ct)
    {
        var fragment = Request.WantsFragment();
        var files = ReplyFiles.Check(Reply.Files, ModelState, s);
        if (ModelState.IsValid && files is not null)
        {
            var result = await ReplyFiles.SendAsync(files, uploads => tickets.ReplyAsync(User.AsTicketAgent(), number, Reply.Body, Reply.Internal, uploads, ct));
            if (result.Error is TicketError.NotFound) return NotFound();
            if (result.Error is { } fileError && ReplyFiles.IsFileError(fileError)) ModelState.AddModelError(ReplyFiles.Key, s.Error(fileError));
            else if (result.Error is { } error) ModelState.AddModelError("Reply.Body", s.Error(error));
            else
            {
                var said = Reply.Internal ? s["Internal note added."] : s["Reply sent."];
                if (!fragment)
                {
                    StatusMessage = said;
                    return Redirect($"/agent/tickets/{number}");
                }
                ModelState.Clear();
                Reply = new ReplyInput();
                FragmentMessage = said;
            }
        }
        if (!await LoadAsync(number, withAside: !fragment, ct)) return NotFound();
        return fragment ? Partial("_AgentTicket", this) : Page();
    }

    public Task<IActionResult> OnPostStatusAsync(int number, TicketStatus status, CancellationToken ct) =>
        ActAsync(number, () => tickets.ChangeStatusAsync(User.AsTicketAgent(), number, status, ct), s["Status changed to {0}.", s.AgentStatus(status)]);

    public Task<IActionResult> OnPostTakeAsync(int number, CancellationToken ct) =>
        ActAsync(number, () => tickets.TakeAsync(User.AsTicketAgent(), number, ct), s["The ticket is yours."]);

    public Task<IActionResult> OnPostAssignAsync(int number, string? agentId, CancellationToken ct) =>
        ActAsync(number, () => tickets.AssignAsync(User.AsTicketAgent(), number, agentId ?? "", ct), s["Ticket assigned."]);

    public async Task<IActionResult> OnGetAttachmentAsync(int number, int id, CancellationToken ct)
    {
        if (await queries.AttachmentAsync(User.AsTicketAgent(), number, id, ct) is not { } attachment) return NotFound();
        return TicketAttachmentResult.For(Response, files, attachment);
    }

    private async Task<IActionResult> ActAsync(int number, Func<Task<TicketResult>> act, string done)
    {
        var result = await act();
        if (result.Error is TicketError.NotFound) return NotFound();
        StatusMessage = result.Error is { } error ? s.Error(error, result.AssignedTo) : done;
        return Redirect($"/agent/tickets/{number}");
    }

    private async Task<bool> LoadAsync(int number, bool withAside, CancellationToken ct)
    {
        if (await queries.ViewAsync(User.AsTicketAgent(), number, ct) is not { } view) return false;
        View = view;
        NowUtc = clock.GetUtcNow().UtcDateTime;
        NextStatuses = TicketStateMachine.NextFor(view.Ticket.Status, TicketActorKind.Agent);
        Canned = await canned.ListAsync(ct);
        Agents = await queries.AgentsAsync(ct);
        if (view.Ticket.CustomerUserId is { } customerId)
        {
            Customer = await directory.FindByIdAsync(customerId, ct);
            if (withAside && Customer is not null) Panels = await profile.LoadAsync(Customer, User, ct);
        }
        ViewData["Title"] = $"{view.Display} {view.Ticket.Subject}";
        return true;
    }
}
