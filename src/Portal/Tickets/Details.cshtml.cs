using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;
using Portal.Shell;
using Portal.Tickets;

namespace Portal.Tickets;

/// <summary>
/// One of the customer's tickets: the conversation (never internal notes), a reply box, closing and rating.
/// Anyone else's ticket number is "not found".
/// </summary>
[Authorize(Policy = Policies.Customer)]
// Three 5 MB files with a reply, as with a new ticket.
[RequestSizeLimit(NewTicketModel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = NewTicketModel.MaxRequestBytes)]
public class TicketDetailsModel(TicketQueries queries, TicketService tickets, TicketAttachmentStore files, IStringLocalizer<SharedResource> s) : PageModel
{
    public TicketView View { get; private set; } = null!;

    [BindProperty]
    public ReplyInput Reply { get; set; } = new();

    [BindProperty]
    public RatingInput Rating { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Said after an htmx reply, inside the swapped part (the layout's message is not re-rendered).</summary>
    public string? FragmentMessage { get; private set; }

    /// <summary>Why an action was refused when its form is gone (the ticket was closed or rated meanwhile).</summary>
    public string? ErrorMessage { get; private set; }

    public sealed class ReplyInput
    {
        [Required(ErrorMessage = "Write a message.")]
        [StringLength(TicketComment.MaxBodyLength, ErrorMessage = "Messages can be at most {1} characters.")]
        [Display(Name = "Your reply")]
        public string Body { get; set; } = "";

        public List<IFormFile> Files { get; set; } = [];
    }

    public sealed class RatingInput
    {
        [Range(1, 5, ErrorMessage = "Choose a rating from 1 to 5.")]
        [Display(Name = "Rating")]
        public int Stars { get; set; }

        [StringLength(Ticket.MaxRatingCommentLength, ErrorMessage = "Comments can be at most {1} characters.")]
        [Display(Name = "Comment (optional)")]
        public string? Comment { get; set; }
    }

    public string TicketUrl => $"/tickets/{View.Ticket.Number}";

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct)) return NotFound();
        await tickets.MarkSeenAsync(User.AsTicketCustomer(), number, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(int number, CancellationToken ct)
    {
        OnlyValidate("Reply");
        var files = ReplyFiles.Check(Reply.Files, ModelState, s);
        if (ModelState.IsValid && files is not null)
        {
            var result = await ReplyFiles.SendAsync(files, uploads => tickets.ReplyAsync(User.AsTicketCustomer(), number, Reply.Body, isInternal: false, uploads, ct));
            if (result.Error is TicketError.NotFound) return NotFound();
            if (result.Error is TicketError.TicketClosed) ErrorMessage = s.Error(TicketError.TicketClosed);
            else if (result.Error is { } fileError && ReplyFiles.IsFileError(fileError)) ModelState.AddModelError(ReplyFiles.Key, s.Error(fileError));
            else if (result.Error is { } error) ModelState.AddModelError("Reply.Body", s.Error(error));
            else if (!Request.WantsFragment())
            {
                StatusMessage = s["Your reply was sent."];
                return Redirect($"/tickets/{number}");
            }
            else
            {
                ModelState.Clear();
                Reply = new ReplyInput();
                FragmentMessage = s["Your reply was sent."];
            }
        }
        if (!await LoadAsync(number, ct)) return NotFound();
        return Request.WantsFragment() ? Partial("_Ticket", this) : Page();
    }

    public async Task<IActionResult> OnPostRateAsync(int number, CancellationToken ct)
    {
        OnlyValidate("Rating");
        if (ModelState.IsValid)
        {
            var result = await tickets.RateAsync(User.AsTicketCustomer(), number, Rating.Stars, Rating.Comment, ct);
            if (result.Error is TicketError.NotFound or TicketError.NotAllowed) return NotFound();
            if (result.Error is TicketError.AlreadyRated) ErrorMessage = s.Error(TicketError.AlreadyRated);
            else if (result.Error is { } error) ModelState.AddModelError("Rating.Stars", s.Error(error));
            else
            {
                StatusMessage = s["Thank you for your rating."];
                return Redirect($"/tickets/{number}");
            }
        }
        return await LoadAsync(number, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCloseAsync(int number, CancellationToken ct)
    {
        var result = await tickets.ChangeStatusAsync(User.AsTicketCustomer(), number, TicketStatus.Closed, ct);
        if (result.Error is TicketError.NotFound) return NotFound();
        StatusMessage = result.Error is { } error ? s.Error(error) : s["The ticket is closed."];
        return Redirect($"/tickets/{number}");
    }

    public async Task<IActionResult> OnGetAttachmentAsync(int number, int id, CancellationToken ct)
    {
        if (await queries.AttachmentAsync(User.AsTicketCustomer(), number, id, ct) is not { } attachment) return NotFound();
        return TicketAttachmentResult.For(Response, files, attachment);
    }

    /// <summary>
    /// Each form posts one of the two inputs; the other is bound from nothing (under the empty prefix, too) and its
    /// errors are not this form's.
    /// </summary>
    private void OnlyValidate(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    private async Task<bool> LoadAsync(int number, CancellationToken ct)
    {
        if (await queries.ViewAsync(User.AsTicketCustomer(), number, ct) is not { } view) return false;
        View = view;
        ViewData["Title"] = $"{view.Display} {view.Ticket.Subject}";
        return true;
    }
}
