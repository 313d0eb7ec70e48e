using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Loyalty;

public enum PurchaseChannel { Store, Online }

/// <summary>A purchase reported by a shop or till. The shop's order id is unique: the same order is recorded once.</summary>
public class Purchase
{
    public long Id { get; set; }
    public string OrderId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public long? IntegrationKeyId { get; set; }
    public DateTime OccurredAtUtc { get; set; }
    public PurchaseChannel Channel { get; set; }
    public long TotalMinor { get; set; }
    public string Currency { get; set; } = "";
    public string? OfferCode { get; set; }

    /// <summary>What an offer code took off (minor units); points are earned on <see cref="TotalMinor"/> less this.</summary>
    public long DiscountMinor { get; set; }

    /// <summary>What became of <see cref="OfferCode"/>: applied, or why not (see <see cref="IPurchaseOffers"/>).</summary>
    public string? OfferOutcome { get; set; }

    public DateTime RecordedAtUtc { get; set; }
    public long PointsEarned { get; set; }
    public long RefundedMinor { get; set; }
    public long PointsReversed { get; set; }

    /// <summary>A hash of what was reported, to tell a retry (same content) from a reused order id (different content).</summary>
    public string ContentHash { get; set; } = "";

    public List<PurchaseLine> Lines { get; set; } = [];
}

public class PurchaseLine
{
    public long Id { get; set; }
    public long PurchaseId { get; set; }
    public string Category { get; set; } = "";
    public int Quantity { get; set; }

    /// <summary>The line's total in minor units (not the unit price).</summary>
    public long AmountMinor { get; set; }
}

/// <summary>A return against a purchase; the shop's refund id makes it idempotent.</summary>
public class PurchaseRefund
{
    public long Id { get; set; }
    public long PurchaseId { get; set; }
    public string RefundId { get; set; } = "";
    public long AmountMinor { get; set; }
    public long PointsReversed { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> purchase)
    {
        purchase.Property(p => p.OrderId).HasMaxLength(PurchaseRules.MaxOrderIdLength);
        purchase.HasIndex(p => p.OrderId).IsUnique();
        purchase.Property(p => p.CustomerId).HasMaxLength(64);
        // Covering: a customer's purchases by time, and the segment recompute's GROUP BY customer reads only this index.
        purchase.HasIndex(p => new { p.CustomerId, p.OccurredAtUtc, p.TotalMinor, p.RefundedMinor });
        // The segment run's incremental pass: purchases recorded since the last run, and those crossing a window's edge.
        purchase.HasIndex(p => p.RecordedAtUtc);
        purchase.HasIndex(p => new { p.OccurredAtUtc, p.CustomerId });
        purchase.Property(p => p.Currency).HasMaxLength(3);
        purchase.Property(p => p.OfferCode).HasMaxLength(PurchaseRules.MaxOfferCodeLength);
        purchase.Property(p => p.ContentHash).HasMaxLength(64);
        purchase.Property(p => p.OfferOutcome).HasMaxLength(32);
        purchase.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        purchase.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.PurchaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PurchaseLineConfiguration : IEntityTypeConfiguration<PurchaseLine>
{
    public void Configure(EntityTypeBuilder<PurchaseLine> line)
    {
        line.Property(l => l.Category).HasMaxLength(PurchaseRules.MaxCategoryLength);
        // Covers spend by category (offers, analytics): a customer's lines are read from the index alone, without a
        // table lookup per line. It also serves the foreign key.
        line.HasIndex(l => new { l.PurchaseId, l.Category, l.AmountMinor });
    }
}

internal sealed class PurchaseRefundConfiguration : IEntityTypeConfiguration<PurchaseRefund>
{
    public void Configure(EntityTypeBuilder<PurchaseRefund> refund)
    {
        refund.Property(r => r.RefundId).HasMaxLength(PurchaseRules.MaxOrderIdLength);
        refund.HasIndex(r => new { r.PurchaseId, r.RefundId }).IsUnique();
        refund.HasIndex(r => r.CreatedAtUtc);
        refund.HasOne<Purchase>().WithMany().HasForeignKey(r => r.PurchaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Applies an offer code carried by a purchase, inside the purchase's ledger transaction (so the code is used
/// once, with the purchase, or not at all). Sets <see cref="Purchase.DiscountMinor"/> and <see cref="Purchase.OfferOutcome"/>
/// and may credit bonus points through <paramref name="session"/>. Implemented by the offers section.
/// </summary>
public interface IPurchaseOffers
{
    Task ApplyAsync(LedgerSession session, Purchase purchase, decimal tierMultiplier, CancellationToken ct);
}
