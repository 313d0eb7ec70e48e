using System.Security.Claims;
using Portal.Shell;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Security;
using Portal.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Customers.Security;

/// <summary>The signed-in person's own account: only ever their own user is loaded.</summary>
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class IndexModel(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, Outbox outbox, PortalDbContext db, IStringLocalizer<SharedResource> s,
    SignInSessions sessions, SecurityActivity activity, SecurityStatusCheck statusCheck, CustomerTimeZones zones, SecurityAlerts alerts) : PageModel
{
    public const int ActivityPageSize = 20;

    public SecurityStatus Status { get; private set; } = null!;
    public IReadOnlyList<SessionLine> Sessions { get; private set; } = [];
    public ActivityPage Activity { get; private set; } = new([], null);
    public const int AlertsShown = 10;
    public IReadOnlyList<SecurityAlert> Alerts { get; private set; } = [];
    public string? AlertsMessage { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    /// <summary>What the last sessions action did, shown inside the list it re-rendered (htmx).</summary>
    public string? SessionsMessage { get; private set; }
    public string? CurrentSessionId => User.FindFirstValue(SessionClaims.SessionId);

    [TempData]
    public string? StatusMessage { get; set; }

    public string Email { get; private set; } = "";
    public bool EmailConfirmed { get; private set; }
    public string DisplayName { get; private set; } = "";
    public CustomerNumber CustomerNumber { get; private set; }
    public bool TwoFactorEnabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Email = user.Email ?? "";
        EmailConfirmed = user.EmailConfirmed;
        DisplayName = user.DisplayName;
        CustomerNumber = user.Number;
        TwoFactorEnabled = user.TwoFactorEnabled;
        RecoveryCodesLeft = TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        Status = await statusCheck.ForAsync(user);
        Sessions = await sessions.ListAsync(user.Id);
        Activity = await activity.PageAsync(user.Id, null, ActivityPageSize);
        Alerts = (await alerts.PageAsync(user.Id, null, AlertsShown)).Items;
        Zone = zones.For(user);
        return Page();
    }

    /// <summary>The next page of activity, appended by htmx in place of the "Load more" row.</summary>
    public async Task<IActionResult> OnGetActivityAsync(long? before)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!Request.WantsFragment()) return RedirectToPage();
        Activity = await activity.PageAsync(user.Id, before, ActivityPageSize);
        Zone = zones.For(user);
        return Partial("_ActivityRows", this);
    }

    /// <summary>Signs out one of the customer's own sessions; this device's means signing out here.</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(string? id)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (id is not null && id == CurrentSessionId)
        {
            await signIn.SignOutAsync();
            return HtmxAwareRedirect("/account/login");
        }
        if (id is not null && await sessions.EndAsync(user.Id, id, SessionEndReasons.SignedOutByUser))
            StatusMessage = s["That device has been signed out."];
        return await SessionsResultAsync(user);
    }

    public async Task<IActionResult> OnPostEndOtherSessionsAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await sessions.EndAllAsync(user.Id, SessionEndReasons.SignedOutEverywhereElse, CurrentSessionId);
        StatusMessage = s["Every other device has been signed out."];
        return await SessionsResultAsync(user);
    }

    /// <summary>
    /// "This was me" closes the alert; "This wasn't me" secures the account (every session ends, this one too, and the
    /// password must be reset by email), so it ends on the reset page.
    /// </summary>
    public async Task<IActionResult> OnPostRespondAlertAsync(long id, AlertAnswer answer)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var result = await alerts.RespondAsync(user.Id, id, answer);
        if (result.Error == AlertError.NotFound) return NotFound();
        if (result.Succeeded && answer == AlertAnswer.WasNotMe)
        {
            await signIn.SignOutAsync();
            return HtmxAwareRedirect("/account/forgot-password");
        }
        AlertsMessage = result.Succeeded ? s["Thank you: the alert is closed."] : s["This alert has already been answered or closed."];
        if (!Request.WantsFragment())
        {
            StatusMessage = AlertsMessage;
            return RedirectToPage();
        }
        Alerts = (await alerts.PageAsync(user.Id, null, AlertsShown)).Items;
        Zone = zones.For(user);
        return Partial("_Alerts", this);
    }

    private async Task<IActionResult> SessionsResultAsync(PortalUser user)
    {
        if (!Request.WantsFragment()) return RedirectToPage();
        Sessions = await sessions.ListAsync(user.Id);
        Zone = zones.For(user);
        (SessionsMessage, StatusMessage) = (StatusMessage, null);
        return Partial("_Sessions", this);
    }

    private IActionResult HtmxAwareRedirect(string url)
    {
        if (!Request.WantsFragment()) return LocalRedirect(url);
        Response.Headers["HX-Redirect"] = url;
        return new NoContentResult();
    }

    public async Task<IActionResult> OnPostSendConfirmationAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!user.EmailConfirmed)
        {
            outbox.Raise(new EmailConfirmationRequested(user.Id));
            await db.SaveChangesAsync();
            StatusMessage = s["We sent a confirmation link to {0}.", user.Email!];
        }
        return RedirectToPage();
    }
}
