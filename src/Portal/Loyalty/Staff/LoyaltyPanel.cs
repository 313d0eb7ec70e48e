using System.ComponentModel.DataAnnotations;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Customers.Staff;

namespace Portal.Loyalty.Staff;

/// <summary>Staff's "Adjust points" form. Points are text so a mistyped number gets our own clear message.</summary>
public sealed class AdjustPointsInput
{
    public string? Points { get; set; }
    public string? Reason { get; set; }

    /// <summary>Made when the form is shown: a double click or a resent form adjusts once.</summary>
    [Required(ErrorMessage = "Something went wrong. Please try again.")]
    [RegularExpression("^[A-Za-z0-9-]{1,64}$", ErrorMessage = "Something went wrong. Please try again.")]
    public string RequestKey { get; set; } = NewKey();

    public static string NewKey() => Guid.NewGuid().ToString("N");
}

/// <summary>What the loyalty panel shows for one customer.</summary>
public sealed class LoyaltyPanelModel
{
    public const int EntriesShown = 10;
    public const int RedemptionsShown = 10;

    public required PersonDetails Customer { get; init; }
    public required LoyaltySummary Summary { get; init; }
    public required IReadOnlyList<PointsEntry> Entries { get; init; }
    public required IReadOnlyList<Redemption> Redemptions { get; init; }
    public required LoyaltyOptions Options { get; init; }
    public required DateTime Now { get; init; }
    public AdjustPointsInput Adjust { get; set; } = new();

    /// <summary>Set after an in-place (htmx) adjustment: the page's status line is not redrawn then.</summary>
    public string? StatusMessage { get; set; }

    public string AdjustUrl => AdjustPointsModel.UrlFor(Customer.Number.Value);
}

/// <summary>Tier, points, the latest ledger lines and reward codes; staff also get the "Adjust points" form.</summary>
public sealed class LoyaltyPanel(PointsLedger ledger, RewardsCatalog catalog, TimeProvider clock) : ICustomerProfilePanel
{
    public string Id => "loyalty";
    public string Title => "Loyalty";
    public const string Partial = "/Loyalty/Staff/_LoyaltyPanel.cshtml";
    public string PartialName => Partial;
    public int Order => 10;

    async Task<object?> ICustomerProfilePanel.LoadAsync(PersonDetails customer, CancellationToken ct) => await LoadAsync(customer, ct);

    public async Task<LoyaltyPanelModel> LoadAsync(PersonDetails customer, CancellationToken ct) => new()
    {
        Customer = customer,
        Options = ledger.Options,
        Now = clock.GetUtcNow().UtcDateTime,
        Summary = await ledger.SummaryAsync(customer.Id, ct),
        Entries = await ledger.HistoryAsync(customer.Id, null, LoyaltyPanelModel.EntriesShown, ct),
        Redemptions = (await catalog.RedemptionsAsync(customer.Id, ct)).Take(LoyaltyPanelModel.RedemptionsShown).ToList(),
    };
}

public static class LoyaltyPanelRegistration
{
    public static IServiceCollection AddLoyaltyStaff(this IServiceCollection services) =>
        services.AddScoped<LoyaltyPanel>().AddScoped<ICustomerProfilePanel>(sp => sp.GetRequiredService<LoyaltyPanel>());
}
