using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Segments;

namespace Portal.Core.Offers;

public enum OfferEditError { TitleRequired, TitleTooLong, DescriptionTooLong, InvalidValue, InvalidMinSpend, InvalidWindow, InvalidLimit, InvalidBudget, InvalidCategory }

/// <summary>Staff side: offers are drafted, edited and published here.</summary>
public sealed class OfferAdmin(PortalDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<Offer>> AllAsync(CancellationToken ct = default) =>
        await db.Set<Offer>().AsNoTracking().OrderByDescending(o => o.Status == OfferStatus.Published).ThenByDescending(o => o.Id).ToListAsync(ct);

    public Task<Offer?> FindAsync(long id, CancellationToken ct = default) => db.Set<Offer>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);

    /// <summary>Categories seen on purchases, for the editor's choices.</summary>
    public async Task<IReadOnlyList<string>> KnownCategoriesAsync(CancellationToken ct = default) =>
        await db.Set<PurchaseLine>().Select(l => l.Category).Distinct().OrderBy(c => c).Take(200).ToListAsync(ct);

    public static OfferEditError? Validate(Offer o)
    {
        if (string.IsNullOrWhiteSpace(o.TitleEn) || string.IsNullOrWhiteSpace(o.TitleAr)) return OfferEditError.TitleRequired;
        if (o.TitleEn.Trim().Length > OfferRules.MaxTitleLength || o.TitleAr.Trim().Length > OfferRules.MaxTitleLength) return OfferEditError.TitleTooLong;
        if (o.DescriptionEn?.Length > OfferRules.MaxDescriptionLength || o.DescriptionAr?.Length > OfferRules.MaxDescriptionLength) return OfferEditError.DescriptionTooLong;
        var valueOk = o.Kind switch
        {
            OfferKind.PercentOff => o.Value is >= 1 and <= 100,
            OfferKind.AmountOff => o.Value is >= 1 and <= PurchaseRules.MaxLineAmountMinor,
            OfferKind.PointsMultiplier => o.Value is >= 2 and <= 10,
            _ => o.Value == 0,
        };
        if (!valueOk) return OfferEditError.InvalidValue;
        if (o.MinSpendMinor is < 0 or > PurchaseRules.MaxLineAmountMinor) return OfferEditError.InvalidMinSpend;
        if (o.ValidUntilUtc <= o.ValidFromUtc) return OfferEditError.InvalidWindow;
        if (o.PerCustomerLimit is < 1 or > OfferRules.MaxPerCustomerLimit) return OfferEditError.InvalidLimit;
        if (o.TotalBudget is < 0) return OfferEditError.InvalidBudget;
        if (o.CategoryList.Any(c => c.Length > PurchaseRules.MaxCategoryLength) || o.Categories.Length > 400) return OfferEditError.InvalidCategory;
        return null;
    }

    /// <summary>Adds (Id 0) or updates an offer; its status changes only through <see cref="SetPublishedAsync"/>.</summary>
    public async Task<(Offer? Offer, OfferEditError? Error)> SaveAsync(Offer input, CancellationToken ct = default)
    {
        input.Categories = OfferRules.Join(OfferRules.Split(input.Categories));
        input.TargetSegments = OfferRules.Join(input.SegmentList.Select(s => s.ToString()));
        input.TargetTiers = OfferRules.Join(input.TierList.Select(t => t.ToString()));
        if (Validate(input) is { } error) return (null, error);
        var offer = input.Id == 0
            ? new Offer { CreatedAtUtc = clock.GetUtcNow().UtcDateTime, Status = OfferStatus.Draft }
            : await db.Set<Offer>().FirstOrDefaultAsync(o => o.Id == input.Id, ct);
        if (offer is null) return (null, null);
        offer.TitleEn = input.TitleEn.Trim();
        offer.TitleAr = input.TitleAr.Trim();
        offer.DescriptionEn = string.IsNullOrWhiteSpace(input.DescriptionEn) ? null : input.DescriptionEn.Trim();
        offer.DescriptionAr = string.IsNullOrWhiteSpace(input.DescriptionAr) ? null : input.DescriptionAr.Trim();
        offer.Kind = input.Kind;
        offer.Value = input.Value;
        offer.Categories = input.Categories;
        offer.MinSpendMinor = input.MinSpendMinor;
        offer.ValidFromUtc = input.ValidFromUtc;
        offer.ValidUntilUtc = input.ValidUntilUtc;
        offer.TargetSegments = input.TargetSegments;
        offer.TargetTiers = input.TargetTiers;
        offer.PerCustomerLimit = input.PerCustomerLimit;
        offer.TotalBudget = input.TotalBudget;
        offer.Revision++;
        if (offer.Id == 0) db.Add(offer);
        await db.SaveChangesAsync(ct);
        return (offer, null);
    }

    public async Task<bool> SetPublishedAsync(long id, bool published, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return published
            ? await db.Set<Offer>().Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OfferStatus.Published).SetProperty(o => o.PublishedAtUtc, now)
                .SetProperty(o => o.Revision, o => o.Revision + 1), ct) == 1
            : await db.Set<Offer>().Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OfferStatus.Draft).SetProperty(o => o.Revision, o => o.Revision + 1), ct) == 1;
    }

    public static IReadOnlyList<Segment> Segments => Enum.GetValues<Segment>();
}
