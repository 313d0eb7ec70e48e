using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Tickets;
using Portal.Shell;
using Portal.Tickets;

namespace Portal.Tickets.Agent;

/// <summary>The agents' queue: unassigned, mine or all; by status and priority; urgent first, then oldest first.</summary>
public class QueueModel(TicketQueries queries, TimeProvider clock) : PageModel
{
    public const string ActiveStatuses = "active";
    public const string AnyStatus = "any";

    [BindProperty(SupportsGet = true, Name = "scope")]
    public QueueScope Scope { get; set; } = QueueScope.Unassigned;

    /// <summary>"active" (New, Open, Pending), "any", or one status.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "priority")]
    public TicketPriority? Priority { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public QueuePage Queue { get; private set; } = null!;

    public DateTime NowUtc { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A bad filter value (hand-edited URL) falls back to the default rather than failing.
        ModelState.Clear();
        IReadOnlyList<TicketStatus>? statuses = Status switch
        {
            AnyStatus => null,
            _ when Enum.TryParse<TicketStatus>(Status, ignoreCase: true, out var one) && Enum.IsDefined(one) => [one],
            _ => TicketStateMachine.Active,
        };
        if (statuses is { Count: > 1 }) Status = ActiveStatuses;
        NowUtc = clock.GetUtcNow().UtcDateTime;
        Queue = await queries.QueueAsync(User.AsTicketAgent(), new QueueFilter(Scope, statuses, Priority, PageNumber), ct);
        return Request.WantsFragment() ? Partial("_Queue", this) : Page();
    }

    public string PageUrl(int page) =>
        $"/agent/tickets?scope={Scope}&status={Uri.EscapeDataString(Status ?? ActiveStatuses)}&priority={Priority}&p={page}";
}
