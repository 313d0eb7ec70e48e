using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;
using Portal.Tickets;

namespace Portal.Tickets;

/// <summary>A customer opens a ticket, with up to three images or PDFs.</summary>
[Authorize(Policy = Policies.Customer)]
// Three 5 MB files and the words: anything much larger is refused before it is read.
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public class NewTicketModel(TicketService tickets, IStringLocalizer<SharedResource> s) : PageModel
{
    public const long MaxRequestBytes = 25 * 1024 * 1024;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a subject.")]
        [StringLength(Ticket.MaxSubjectLength, ErrorMessage = "Subjects can be at most {1} characters.")]
        [Display(Name = "Subject")]
        public string Subject { get; set; } = "";

        [Required(ErrorMessage = "Choose a category.")]
        [EnumDataType(typeof(TicketCategory), ErrorMessage = "Choose a category.")]
        [Display(Name = "Category")]
        public TicketCategory? Category { get; set; }

        [EnumDataType(typeof(TicketPriority), ErrorMessage = "Choose a priority.")]
        [Display(Name = "Priority")]
        public TicketPriority Priority { get; set; } = TicketPriority.Normal;

        [Required(ErrorMessage = "Write a message.")]
        [StringLength(TicketComment.MaxBodyLength, ErrorMessage = "Messages can be at most {1} characters.")]
        [Display(Name = "Describe the problem")]
        public string Description { get; set; } = "";

        public List<IFormFile> Files { get; set; } = [];
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var files = Input.Files.Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (files.Count > TicketOptions.MaxFilesPerTicket)
            ModelState.AddModelError("Input.Files", s.Error(TicketError.TooManyFiles));
        else if (files.Any(f => f.Length > TicketOptions.MaxFileBytes))
            ModelState.AddModelError("Input.Files", s.Error(TicketError.FileTooBig));
        if (!ModelState.IsValid) return Page();

        var streams = files.Select(f => f.OpenReadStream()).ToList();
        try
        {
            var uploads = files.Select((f, i) => new AttachmentUpload(f.FileName, streams[i])).ToList();
            var result = await tickets.CreateAsync(User.AsTicketCustomer(),
                new NewTicket(Input.Subject, Input.Category!.Value, Input.Priority, Input.Description), uploads, ct);
            if (result.Error is { } error)
            {
                var key = error is TicketError.TooManyFiles or TicketError.FileTooBig or TicketError.WrongFileType or TicketError.EmptyFile ? "Input.Files"
                    : error is TicketError.EmptySubject or TicketError.SubjectTooLong ? "Input.Subject" : "Input.Description";
                ModelState.AddModelError(key, s.Error(error));
                return Page();
            }
            StatusMessage = s["Ticket {0} is open. We will answer here and by email.", Ticket.Display(result.Ticket!.Number)];
            return Redirect($"/tickets/{result.Ticket.Number}");
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }
    }
}
