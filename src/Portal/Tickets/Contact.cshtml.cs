using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;
using Portal.Shell;
using Portal.Tickets;

namespace Portal.Tickets;

/// <summary>
/// The contact form: anyone, signed in or not, sends a message that becomes a visitor ticket. Rate-limited per IP;
/// a filled-in honeypot field gets the thank-you but creates nothing. The form is a partial so /support can embed it
/// (hx-post="/support/contact?handler=Send" returns just the partial).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(TicketsWeb.ContactRateLimit)]
public class ContactModel(TicketService tickets, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Shown in place of the form after an htmx send.</summary>
    public string? Confirmation { get; private set; }

    /// <summary>The signed-in customer's new ticket, linked from the confirmation.</summary>
    public int? OwnTicketNumber { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(Ticket.MaxNameLength, ErrorMessage = "Names can be at most {1} characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(Ticket.MaxEmailLength, ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a subject.")]
        [StringLength(Ticket.MaxSubjectLength, ErrorMessage = "Subjects can be at most {1} characters.")]
        [Display(Name = "Subject")]
        public string Subject { get; set; } = "";

        [Required(ErrorMessage = "Write a message.")]
        [StringLength(TicketComment.MaxBodyLength, ErrorMessage = "Messages can be at most {1} characters.")]
        [Display(Name = "Message")]
        public string Message { get; set; } = "";

        /// <summary>The honeypot: hidden from people, filled in by bots.</summary>
        public string? Website { get; set; }
    }

    public void OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            Input.Name = User.DisplayName();
            Input.Email = User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? User.Identity.Name ?? "";
        }
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => OnPostSendAsync(ct);

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Input.Website))
            // A bot: the same thank-you a person gets, and nothing stored.
            return Done(s["We have your message. We will reply by email."]);

        if (ModelState.IsValid)
        {
            // Signed in, the ticket is the customer's own (in /tickets, answered there); a visitor's stays unattached.
            var own = User.IsInRole(Portal.Core.Customers.Roles.Customer);
            var result = own
                ? await tickets.CreateAsync(User.AsTicketCustomer(), new NewTicket(Input.Subject, TicketCategory.Other, TicketPriority.Normal, Input.Message), [], ct)
                : await tickets.CreateFromContactAsync(Input.Name, Input.Email, Input.Subject, Input.Message, ct, Cultures.Lang);
            if (result.Error is { } error)
                ModelState.AddModelError(error switch
                {
                    TicketError.InvalidEmail => "Input.Email",
                    TicketError.EmptyName or TicketError.NameTooLong => "Input.Name",
                    TicketError.EmptySubject or TicketError.SubjectTooLong => "Input.Subject",
                    _ => "Input.Message",
                }, s.Error(error));
            else if (own)
            {
                OwnTicketNumber = result.Ticket!.Number;
                return Done(s["We have your message. Your ticket number is {0}: you will find our reply in your tickets.", Ticket.Display(result.Ticket.Number)]);
            }
            else
                return Done(s["We have your message. Your ticket number is {0}. We will reply by email.", Ticket.Display(result.Ticket!.Number)]);
        }
        return Request.WantsFragment() ? Partial("_ContactForm", this) : Page();
    }

    private IActionResult Done(string message)
    {
        if (Request.WantsFragment())
        {
            Confirmation = message;
            ModelState.Clear();
            Input = new InputModel();
            return Partial("_ContactForm", this);
        }
        StatusMessage = message;
        return Redirect("/support/contact");
    }
}
