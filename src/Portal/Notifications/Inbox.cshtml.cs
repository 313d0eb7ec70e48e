using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>/notifications/inbox: what reached the bell, newest first; read one, mark one or all read. Refreshes itself when the bell rings.</summary>
[Authorize(Policy = Policies.Customer)]
public class InboxModel(NotificationInbox inbox, CustomerTimeZones zones, UserManager<PortalUser> users) : PageModel
{
    public const int PageSize = 20;

    public Paged<InboxItem> Items { get; private set; } = new([], 1, PageSize, 0);
    public int Unread { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(int? p, CancellationToken ct)
    {
        await LoadAsync(p ?? 1, ct);
        return Page();
    }

    /// <summary>The list alone: htmx asks for it when a notification arrives or after marking.</summary>
    public async Task<IActionResult> OnGetListAsync(int? p, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return await OnGetAsync(p, ct);
        await LoadAsync(p ?? 1, ct);
        return Partial("_InboxList", this);
    }

    public async Task<IActionResult> OnPostReadAsync(long id, int? p, CancellationToken ct)
    {
        if (!await inbox.MarkReadAsync(User.UserId(), id, ct)) return NotFound();
        return await AfterChangeAsync(p, ct);
    }

    public async Task<IActionResult> OnPostReadAllAsync(int? p, CancellationToken ct)
    {
        await inbox.MarkAllReadAsync(User.UserId(), ct);
        return await AfterChangeAsync(p, ct);
    }

    private async Task<IActionResult> AfterChangeAsync(int? p, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return RedirectToPage(new { p });
        await LoadAsync(p ?? 1, ct);
        // The header's bell is outside the list: the script updates it from this header.
        Response.Headers["HX-Trigger"] = $"{{\"notifications:unread\":{Unread}}}";
        return Partial("_InboxList", this);
    }

    private async Task LoadAsync(int page, CancellationToken ct)
    {
        var id = User.UserId();
        Items = await inbox.PageAsync(id, page, PageSize, ct: ct);
        Unread = await inbox.UnreadCountAsync(id, ct);
        var user = await users.GetUserAsync(User);
        Zone = user is null ? zones.Business : zones.For(user);
    }
}
