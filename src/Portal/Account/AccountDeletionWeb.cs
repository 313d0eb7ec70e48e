using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using Portal.Core.Account;
using Portal.Customers.Staff;

namespace Portal.Account;

/// <summary>Erases the accounts whose 14 days are over (nothing earlier: the date is checked in the service).</summary>
public sealed class AccountErasureJob(AccountDeletions deletions) : Core.Jobs.IPeriodicJob
{
    public static readonly Core.Jobs.JobSchedule Schedule = new("account-erasure", TimeSpan.FromDays(1), Jitter: TimeSpan.FromMinutes(30), TimeLimit: TimeSpan.FromHours(1));

    public Task RunAsync(CancellationToken ct) => deletions.EraseDueAsync(ct);
}

/// <param name="AlertsUnderReview">Alerts in the security queue: a scheduled erasure waits for their decision.</param>
public sealed record DeletionPanelModel(AccountDeletion? Deletion, int AlertsUnderReview, DateTime UtcNow);

/// <summary>The customer's deletion requests on the staff profile: when asked, when due, cancelled or erased, and what it waits for.</summary>
public sealed class DeletionPanel(AccountDeletions deletions, TimeProvider clock) : ICustomerProfilePanel
{
    public string Id => "deletion";
    public string Title => "Account deletion";
    public string PartialName => "/Account/_DeletionPanel.cshtml";
    public int Order => 90;

    public async Task<object?> LoadAsync(Core.Customers.PersonDetails customer, CancellationToken ct) =>
        new DeletionPanelModel(await deletions.LatestAsync(customer.Id, ct), await deletions.AlertsUnderReviewAsync(customer.Id, ct), clock.GetUtcNow().UtcDateTime);
}

/// <summary>Signing in during the wait cancels the deletion; the pages that finish a sign-in call this.</summary>
public static class DeletionSignIn
{
    public static async Task<bool> CancelDeletionAsync(this HttpContext http, string? userId, ITempDataDictionary? tempData = null)
    {
        if (userId is null) return false;
        var cancelled = await http.RequestServices.GetRequiredService<AccountDeletions>().CancelAsync(userId, DeletionCancelledBy.SignIn, http.RequestAborted);
        if (cancelled && tempData is not null)
            tempData["StatusMessage"] = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["Your account will not be deleted: you signed in."].Value;
        return cancelled;
    }
}
