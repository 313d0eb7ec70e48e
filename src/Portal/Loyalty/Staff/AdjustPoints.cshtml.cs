using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Customers.Staff;
using Portal.Shell;

namespace Portal.Loyalty.Staff;

/// <summary>
/// Staff add or remove a customer's points with a reason. The form lives in the loyalty panel; this page answers its
/// POST (in place with htmx, post-redirect-get without) and shows the form on its own when it has errors.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public class AdjustPointsModel(CustomerDirectory directory, PointsLedger ledger, LoyaltyPanel panel, IStringLocalizer<SharedResource> s) : PageModel
{
    public static string UrlFor(string customerNumber) => $"/staff/customers/{customerNumber}/adjust-points";

    [BindProperty]
    public AdjustPointsInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public LoyaltyPanelModel Panel { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string customerNumber, CancellationToken ct)
    {
        if (await FindAsync(customerNumber, ct) is not { } customer) return NotFound();
        Panel = await panel.LoadAsync(customer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string customerNumber, CancellationToken ct)
    {
        if (await FindAsync(customerNumber, ct) is not { } customer) return NotFound();
        var points = ParsePoints(Input.Points);
        if (points is null) ModelState.AddModelError("Input.Points", LoyaltyText.AdjustError(s, LoyaltyError.InvalidPoints, 0));
        if (string.IsNullOrWhiteSpace(Input.Reason)) ModelState.AddModelError("Input.Reason", LoyaltyText.AdjustError(s, LoyaltyError.ReasonRequired, 0));
        if (!ModelState.IsValid) return await RedisplayAsync(customer, ct);

        var result = await ledger.AdjustAsync(customer.Id, points!.Value, Input.Reason!, User.UserId(), User.DisplayName(), Input.RequestKey, ct);
        if (result.Error is { } error)
        {
            if (error == LoyaltyError.CustomerNotFound) return NotFound();
            var field = error is LoyaltyError.ReasonRequired or LoyaltyError.ReasonTooLong ? "Input.Reason" : "Input.Points";
            var available = (await ledger.SummaryAsync(customer.Id, ct)).Active;
            ModelState.AddModelError(field, LoyaltyText.AdjustError(s, error, available));
            return await RedisplayAsync(customer, ct);
        }

        var fresh = await panel.LoadAsync(customer, ct);
        var message = s["Points adjusted. {0} now has {1} to spend.", customer.DisplayName, s.Plural("{0} points", fresh.Summary.Active)];
        if (Request.WantsFragment())
        {
            fresh.StatusMessage = message;
            return Partial(LoyaltyPanel.Partial, fresh);
        }
        StatusMessage = message;
        return Redirect(CustomersIndexModel.ProfileUrl(customer.Number.Value));
    }

    private async Task<IActionResult> RedisplayAsync(PersonDetails customer, CancellationToken ct)
    {
        Panel = await panel.LoadAsync(customer, ct);
        Panel.Adjust = Input;
        return Request.WantsFragment() ? Partial(LoyaltyPanel.Partial, Panel) : Page();
    }

    private async Task<PersonDetails?> FindAsync(string customerNumber, CancellationToken ct) =>
        CustomerNumber.TryParse(customerNumber, out var number) ? await directory.FindAsync(number, ct) : null;

    /// <summary>A whole number, with a leading + or − (also the typographic minus) and Arabic-Indic digits accepted.</summary>
    public static long? ParsePoints(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var normalized = new string(text.Trim().Select(c => c switch
        {
            >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
            >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
            '\u2212' => '-',
            _ => c,
        }).ToArray());
        return long.TryParse(normalized, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var points) ? points : null;
    }
}
