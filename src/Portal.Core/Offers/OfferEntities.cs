using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Loyalty;
using Portal.Core.Segments;

namespace Portal.Core.Offers;

/// <summary>What an offer gives: <see cref="Offer.Value"/> is a percent, minor units, a points multiplier, or unused.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OfferKind>))]
public enum OfferKind { PercentOff, AmountOff, PointsMultiplier, FreeReward }

[JsonConverter(typeof(JsonStringEnumConverter<OfferStatus>))]
public enum OfferStatus { Draft, Published }

[JsonConverter(typeof(JsonStringEnumConverter<ActivationStatus>))]
/// <summary>Held: activated within the security hold window, the code withheld until staff release it; Cancelled: staff cancelled a held code.</summary>
public enum ActivationStatus { Activated, Redeemed, Expired, Held, Cancelled }

/// <summary>A staff-made offer. Customers see it only while published and inside its validity window.</summary>
public class Offer
{
    public long Id { get; set; }
    public string TitleEn { get; set; } = "";
    public string TitleAr { get; set; } = "";

    /// <summary>Markdown, rendered through the one sanitizing renderer.</summary>
    public string? DescriptionEn { get; set; }
    public string? DescriptionAr { get; set; }

    public OfferKind Kind { get; set; }

    /// <summary>PercentOff: 1–100; AmountOff: minor units; PointsMultiplier: 2–10 (times the usual points); FreeReward: 0.</summary>
    public long Value { get; set; }

    /// <summary>Purchase categories the offer applies to, comma-separated; empty is every category.</summary>
    public string Categories { get; set; } = "";

    /// <summary>Spend in the offer's categories needed in one purchase, minor units.</summary>
    public long MinSpendMinor { get; set; }

    public DateTime ValidFromUtc { get; set; }
    public DateTime ValidUntilUtc { get; set; }

    /// <summary>Comma-separated <see cref="Segment"/> names; empty is every segment.</summary>
    public string TargetSegments { get; set; } = "";

    /// <summary>Comma-separated <see cref="Tier"/> names; empty is every tier.</summary>
    public string TargetTiers { get; set; } = "";

    /// <summary>Codes one customer may activate.</summary>
    public int PerCustomerLimit { get; set; } = 1;

    /// <summary>Codes that may be given in all; null is unlimited.</summary>
    public int? TotalBudget { get; set; }

    /// <summary>Codes given so far; raised by a conditional UPDATE so the budget holds under racing activations.</summary>
    public int Issued { get; set; }

    /// <summary>Raised by every staff change (edit, publish, withdraw): customers' kept /offers pages see it.</summary>
    public long Revision { get; set; }

    public OfferStatus Status { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? PublishedAtUtc { get; set; }

    public string Title(string language) => language == Customers.Languages.Arabic ? TitleAr : TitleEn;

    public string? Description(string language) =>
        language == Customers.Languages.Arabic && !string.IsNullOrWhiteSpace(DescriptionAr) ? DescriptionAr : DescriptionEn;

    public IReadOnlyList<string> CategoryList => OfferRules.Split(Categories);

    public IReadOnlyList<Segment> SegmentList =>
        OfferRules.Split(TargetSegments).Select(s => Enum.TryParse<Segment>(s, out var v) ? (Segment?)v : null).OfType<Segment>().ToList();

    public IReadOnlyList<Tier> TierList =>
        OfferRules.Split(TargetTiers).Select(s => Enum.TryParse<Tier>(s, out var v) ? (Tier?)v : null).OfType<Tier>().ToList();

    public bool IsLiveAt(DateTime now) => Status == OfferStatus.Published && ValidFromUtc <= now && now < ValidUntilUtc;

    public bool BudgetLeft => TotalBudget is null || Issued < TotalBudget;

    public bool Targets(Segment segment, Tier tier) =>
        (TargetSegments.Length == 0 || SegmentList.Contains(segment)) && (TargetTiers.Length == 0 || TierList.Contains(tier));
}

/// <summary>A single-use code a customer activated for an offer, bound to them.</summary>
public class OfferActivation
{
    public long Id { get; set; }
    public long OfferId { get; set; }
    public Offer Offer { get; set; } = null!;
    public string CustomerId { get; set; } = "";

    /// <summary>Unique per offer and customer, one past the highest taken, so a limit can never be overrun (cancelled codes keep theirs).</summary>
    public int Slot { get; set; }

    public string Code { get; set; } = "";

    /// <summary>What the customer may see: no code while held or after cancelling.</summary>
    public bool CodeWithheld => Status is ActivationStatus.Held or ActivationStatus.Cancelled;

    /// <summary>Unique per customer: a double click or an API retry gets the same code.</summary>
    public string RequestKey { get; set; } = "";

    public ActivationStatus Status { get; set; }
    public DateTime ActivatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? RedeemedAtUtc { get; set; }
    public string? OrderId { get; set; }
    public long DiscountMinor { get; set; }
    public long BonusPoints { get; set; }
}

/// <summary>When a customer was first told of an offer that matches them (OfferAvailable); also what "ignored" is measured from.</summary>
public class OfferNotice
{
    public long Id { get; set; }
    public long OfferId { get; set; }
    public string CustomerId { get; set; } = "";
    public DateTime NoticedAtUtc { get; set; }
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> offer)
    {
        offer.Property(o => o.TitleEn).HasMaxLength(OfferRules.MaxTitleLength);
        offer.Property(o => o.TitleAr).HasMaxLength(OfferRules.MaxTitleLength);
        offer.Property(o => o.DescriptionEn).HasMaxLength(OfferRules.MaxDescriptionLength);
        offer.Property(o => o.DescriptionAr).HasMaxLength(OfferRules.MaxDescriptionLength);
        offer.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        offer.Property(o => o.Status).HasConversion<string>().HasMaxLength(12);
        offer.Property(o => o.Categories).HasMaxLength(400);
        offer.Property(o => o.TargetSegments).HasMaxLength(100);
        offer.Property(o => o.TargetTiers).HasMaxLength(60);
        offer.HasIndex(o => new { o.Status, o.ValidUntilUtc });
        offer.Ignore(o => o.CategoryList);
        offer.Ignore(o => o.SegmentList);
        offer.Ignore(o => o.TierList);
        offer.Ignore(o => o.BudgetLeft);
    }
}

internal sealed class OfferActivationConfiguration : IEntityTypeConfiguration<OfferActivation>
{
    public void Configure(EntityTypeBuilder<OfferActivation> activation)
    {
        activation.Property(a => a.CustomerId).HasMaxLength(64);
        activation.Property(a => a.Code).HasMaxLength(16);
        activation.Property(a => a.RequestKey).HasMaxLength(120);
        activation.Property(a => a.OrderId).HasMaxLength(PurchaseRules.MaxOrderIdLength);
        activation.Property(a => a.Status).HasConversion<string>().HasMaxLength(12);
        activation.HasIndex(a => a.Code).IsUnique();
        activation.HasIndex(a => new { a.CustomerId, a.RequestKey }).IsUnique();
        activation.HasIndex(a => new { a.OfferId, a.CustomerId, a.Slot }).IsUnique();
        activation.HasIndex(a => new { a.Status, a.ExpiresAtUtc });
        activation.Ignore(a => a.CodeWithheld);
        activation.HasOne(a => a.Offer).WithMany().HasForeignKey(a => a.OfferId).OnDelete(DeleteBehavior.Restrict);
        activation.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OfferNoticeConfiguration : IEntityTypeConfiguration<OfferNotice>
{
    public void Configure(EntityTypeBuilder<OfferNotice> notice)
    {
        notice.Property(n => n.CustomerId).HasMaxLength(64);
        notice.HasIndex(n => new { n.CustomerId, n.OfferId }).IsUnique();
        notice.HasIndex(n => n.OfferId);
        notice.HasOne<Offer>().WithMany().HasForeignKey(n => n.OfferId).OnDelete(DeleteBehavior.Cascade);
        notice.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class OfferRules
{
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 4000;
    public const int MaxRequestKeyLength = 100;
    public const int MaxPerCustomerLimit = 100;

    public static IReadOnlyList<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static string Join(IEnumerable<string> items) => string.Join(",", items.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));

    /// <summary>Codes look like reward codes (Crockford base 32, XXXXX-XXXXX) and are typed the same way.</summary>
    public static string NewCode() => RewardRules.NewCode();

    public static string Grouped(string code) => RewardRules.Grouped(code);

    public static string Normalize(string? typed) => RewardRules.Normalize(typed);
}
