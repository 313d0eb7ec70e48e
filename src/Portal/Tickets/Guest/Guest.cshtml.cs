using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;
using Portal.Shell;

namespace Portal.Tickets.Guest;

/// <summary>
/// A contact-form ticket read and answered through the link mailed to its sender: the conversation as a customer
/// sees their own (no internal notes) and a reply box. Any other token, or one for another ticket, is "not found".
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(TicketsWeb.ContactRateLimit)]
// Three 5 MB files with a reply, as with a new ticket.
[RequestSizeLimit(NewTicketModel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = NewTicketModel.MaxRequestBytes)]
public class GuestTicketModel(TicketGuestLinks links, TicketQueries queries, TicketService tickets, TicketAttachmentStore files,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public TicketView View { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public string BaseUrl => "/tickets/guest/" + Token;

    [BindProperty]
    public ReplyInput Reply { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public string? FragmentMessage { get; private set; }

    public string? ErrorMessage { get; private set; }

    public sealed class ReplyInput
    {
        [Required(ErrorMessage = "Write a message.")]
        [StringLength(TicketComment.MaxBodyLength, ErrorMessage = "Messages can be at most {1} characters.")]
        [Display(Name = "Your reply")]
        public string Body { get; set; } = "";

        public List<IFormFile> Files { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) =>
        await LoadAsync(token, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return NotFound();
        var files = ReplyFiles.Check(Reply.Files, ModelState, s);
        if (ModelState.IsValid && files is not null)
        {
            var result = await ReplyFiles.SendAsync(files, uploads => tickets.ReplyAsVisitorAsync(View.Ticket.Id, View.Ticket.Number, Reply.Body, uploads, ct));
            if (result.Error is TicketError.NotFound) return NotFound();
            if (result.Error is TicketError.TicketClosed) ErrorMessage = s.Error(TicketError.TicketClosed);
            else if (result.Error is { } fileError && ReplyFiles.IsFileError(fileError)) ModelState.AddModelError(ReplyFiles.Key, s.Error(fileError));
            else if (result.Error is { } error) ModelState.AddModelError("Reply.Body", s.Error(error));
            else if (!Request.WantsFragment())
            {
                StatusMessage = s["Your reply was sent."];
                return Redirect(BaseUrl);
            }
            else
            {
                ModelState.Clear();
                Reply = new ReplyInput();
                FragmentMessage = s["Your reply was sent."];
                await LoadAsync(token, ct);
            }
        }
        return Request.WantsFragment() ? Partial("_GuestTicket", this) : Page();
    }

    public async Task<IActionResult> OnGetAttachmentAsync(string token, int id, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return NotFound();
        if (await queries.VisitorAttachmentAsync(View.Ticket.Id, id, ct) is not { } attachment) return NotFound();
        return TicketAttachmentResult.For(Response, files, attachment);
    }

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        // The token is the key to the ticket: keep it out of referrers, caches and search engines.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
        Response.Headers.CacheControl = "private, no-store";
        if (links.Read(token) is not { } named) return false;
        if (await queries.VisitorViewAsync(named.TicketId, ct) is not { } view || !named.Matches(view.Ticket)) return false;
        View = view;
        Token = token;
        return true;
    }
}
