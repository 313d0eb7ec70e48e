using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Shell;

namespace Portal.Loyalty;

/// <summary>
/// The customer's loyalty page: tier, balances, what expires, the rewards catalog with redemption, and history.
/// Redeeming is two steps (confirm, then a POST carrying a request key made when the confirm step was shown), so
/// a double click or a retry gets the same code instead of spending twice.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class LoyaltyModel(PointsLedger ledger, RewardsCatalog catalog, LoyaltyPageReads reads, PortalDbContext db, IStringLocalizer<SharedResource> s,
    TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    public LoyaltyOptions Options => ledger.Options;
    public LoyaltySummary Summary { get; private set; } = null!;
    public IReadOnlyList<RewardCard> Rewards { get; private set; } = [];
    public HistoryPage History { get; private set; } = new([], null, false);
    public IReadOnlyList<Redemption> Redemptions { get; private set; } = [];
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    /// <summary>The full expiry schedule is on the page (asked for without JavaScript).</summary>
    public bool ShowSchedule { get; private set; }

    /// <summary>The redemption whose code and QR are shown (asked for without JavaScript).</summary>
    public long? ShownCodeId { get; private set; }

    /// <summary>Ways to earn besides shopping that staff switched on, in the reader's words.</summary>
    public IReadOnlyList<(string Kind, string Text)> EarnBonuses { get; private set; } = [];

    /// <summary>What the ways-to-earn, benefits and tier sections are made from (with the language): they are kept under it.</summary>
    public string TiersKey => Summary.Tier.Tier + "|" + string.Join("|", EarnBonuses.Select(b => b.Kind + ":" + b.Text));

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The code just issued, carried across the redirect when the page works without JavaScript.</summary>
    [TempData]
    public string? RedeemedCode { get; set; }

    public sealed class InputModel
    {
        public long RewardId { get; set; }

        [Required(ErrorMessage = "The reward could not be redeemed. Please try again.")]
        [StringLength(RewardRules.MaxRequestKeyLength, ErrorMessage = "The reward could not be redeemed. Please try again.")]
        public string? RequestKey { get; set; }
    }

    private string CustomerId => User.UserId();

    public async Task<IActionResult> OnGetAsync(long? before, CancellationToken ct)
    {
        await LoadAsync(before, ct);
        if (RedeemedCode is { } code && Redemptions.FirstOrDefault(r => r.Code == code) is { } done)
            SetCard(done.RewardId, c => c with { State = RewardCardState.Done, Redemption = done, Focus = true });
        return Page();
    }

    /// <summary>The next page of points history: rows to append (htmx), or the page starting there.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long before, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return await OnGetAsync(before, ct);
        History = await HistoryAsync(before, ct);
        return Partial("_HistoryRows", new HistoryRows(History, FocusFirst: true));
    }

    /// <summary>The full expiry schedule: the list (htmx), or the page with it open.</summary>
    public async Task<IActionResult> OnGetExpiryAsync(CancellationToken ct)
    {
        if (Request.WantsFragment())
        {
            Summary = await ledger.SummaryAsync(CustomerId, ct);
            return Partial("_Expiry", this);
        }
        ShowSchedule = true;
        return await OnGetAsync(null, ct);
    }

    /// <summary>One ready code with its QR, shown on request: the code (htmx), or the page with it shown.</summary>
    public async Task<IActionResult> OnGetCodeAsync(long redemptionId, CancellationToken ct)
    {
        var customerId = CustomerId;
        var redemption = await db.Set<Redemption>().AsNoTracking().Include(r => r.Reward)
            .FirstOrDefaultAsync(r => r.Id == redemptionId && r.CustomerId == customerId, ct);
        if (redemption is null || redemption.StatusAt(Now, Options) != RedemptionStatus.Issued) return NotFound();
        if (Request.WantsFragment()) return Partial("_RedemptionCode", redemption);
        ShownCodeId = redemption.Id;
        return await OnGetAsync(null, ct);
    }

    /// <summary>The confirm step for one reward, with a fresh request key.</summary>
    public async Task<IActionResult> OnGetConfirmAsync(long rewardId, CancellationToken ct)
    {
        await LoadAsync(null, ct);
        if (!Rewards.Any(r => r.Item.Reward.Id == rewardId)) return NotFound();
        SetCard(rewardId, c => c.Item.CanRedeem
            ? c with { State = RewardCardState.Confirm, RequestKey = Guid.NewGuid().ToString("N"), Focus = true }
            : c with { Focus = true });
        return Request.WantsFragment() ? Partial("_RewardCard", Rewards.First(r => r.Item.Reward.Id == rewardId)) : Page();
    }

    /// <summary>One reward card as it is now (Cancel on the confirm step).</summary>
    public async Task<IActionResult> OnGetCardAsync(long rewardId, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return RedirectToPage();
        await LoadAsync(null, ct);
        if (Rewards.FirstOrDefault(r => r.Item.Reward.Id == rewardId) is not { } card) return NotFound();
        return Partial("_RewardCard", card with { Focus = true });
    }

    public async Task<IActionResult> OnPostRedeemAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return await RedeemFailedAsync(null, ct);
        var result = await catalog.RedeemAsync(CustomerId, Input.RewardId, Input.RequestKey!, ct);
        if (!result.Succeeded)
            return await RedeemFailedAsync(result.Error, ct);

        var redemption = result.Value!;
        if (!Request.WantsFragment())
        {
            RedeemedCode = redemption.Code;
            return Redirect($"/loyalty#reward-{redemption.RewardId}");
        }
        await LoadAsync(null, ct);
        SetCard(redemption.RewardId, c => c with { State = RewardCardState.Done, Redemption = redemption, Focus = true });
        // The card shows the code; the balance, what expires and both histories change with it.
        return Partial("_Redeemed", this);
    }

    private async Task<IActionResult> RedeemFailedAsync(LoyaltyError? error, CancellationToken ct)
    {
        await LoadAsync(null, ct);
        var card = Rewards.FirstOrDefault(r => r.Item.Reward.Id == Input.RewardId);
        var message = s.RedeemError(error ?? (card is null ? LoyaltyError.RewardNotFound : null),
            card is null ? 0 : card.Item.Reward.CostPoints - Summary.Active, card?.Item.Reward.MinimumTier);
        if (card is null)
        {
            ModelState.AddModelError(string.Empty, message);
            if (Request.WantsFragment()) return Partial("_RewardList", this);
            return Page();
        }
        SetCard(card.Item.Reward.Id, c => c with { State = RewardCardState.Normal, Error = message, Focus = true });
        return Request.WantsFragment() ? Partial("_RewardList", this) : Page();
    }

    private async Task LoadAsync(long? before, CancellationToken ct)
    {
        Summary = await ledger.SummaryAsync(CustomerId, ct);
        var rows = await reads.GetAsync(CustomerId, PageSize + 1, ct);
        Rewards = RewardsCatalog.Items(rows.Rewards, Summary, Now).Select(i => new RewardCard(i, Summary.Active)).ToList();
        Redemptions = rows.Redemptions;
        // The first page names its redemptions from the list above; later pages look theirs up.
        History = before is null ? Describe(rows.History, rows.Redemptions, null) : await HistoryAsync(before, ct);
        EarnBonuses = rows.Bonuses.Select(b => (b.Kind.ToString().ToLowerInvariant(), s.WayToEarn(b))).ToList();
    }

    private async Task<HistoryPage> HistoryAsync(long? before, CancellationToken ct)
    {
        var customerId = CustomerId;
        var entries = await ledger.HistoryAsync(customerId, before, PageSize + 1, ct);
        var codes = entries.Take(PageSize).Where(e => e.Kind == PointsEntryKind.Redeem).Select(e => LoyaltyText.Source(e.SourceRef).Value).ToList();
        var redemptions = codes.Count == 0 ? []
            : await db.Set<Redemption>().AsNoTracking().Include(r => r.Reward).Where(r => r.CustomerId == customerId && codes.Contains(r.Code)).ToListAsync(ct);
        return Describe(entries, redemptions, before);
    }

    /// <param name="redemptions">Those whose codes the entries may name (more do no harm).</param>
    private HistoryPage Describe(IReadOnlyList<PointsEntry> entries, IEnumerable<Redemption> redemptions, long? before)
    {
        var page = entries.Take(PageSize).ToList();
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var names = new Dictionary<string, string>();
        foreach (var r in redemptions) names[r.Code] = r.Reward.Name(language);
        var rows = page.Select(e => new HistoryRow(e.Id, e.CreatedAtUtc, s.Describe(e, names), e.Points)).ToList();
        return new HistoryPage(rows, entries.Count > PageSize ? page[^1].Id : null, before is not null);
    }

    private void SetCard(long rewardId, Func<RewardCard, RewardCard> change) =>
        Rewards = Rewards.Select(r => r.Item.Reward.Id == rewardId ? change(r) : r).ToList();
}

public enum RewardCardState { Normal, Confirm, Done }

/// <summary>One reward as its card shows it: why it cannot be had, the confirm step, or the code just issued.</summary>
public sealed record RewardCard(CatalogItem Item, long Active)
{
    public RewardCardState State { get; init; }
    public string? RequestKey { get; init; }
    public Redemption? Redemption { get; init; }
    public string? Error { get; init; }

    /// <summary>Set on the card a request just changed: htmx and the browser move focus into it.</summary>
    public bool Focus { get; init; }

    public long Short => Math.Max(0, Item.Reward.CostPoints - Active);
    public string Id => $"reward-{Item.Reward.Id}";
}

public sealed record HistoryRow(long Id, DateTime AtUtc, EntryDescription Description, long Points);

public sealed record HistoryPage(IReadOnlyList<HistoryRow> Rows, long? NextBefore, bool Continued);

public sealed record HistoryRows(HistoryPage Page, bool FocusFirst);
