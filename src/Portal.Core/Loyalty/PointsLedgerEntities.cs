using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Loyalty;

public enum PointsEntryKind { Earn, Bonus, Redeem, Expire, Reverse, Adjust }

/// <summary>
/// One line of the append-only points ledger. Credits (Points &gt; 0) are lots with their own unlock and expiry
/// dates; debits (Points &lt; 0) say which lots they took from in <see cref="PointsAllocation"/>. Nothing here is
/// ever updated or deleted: balances are derived from it.
/// </summary>
public class PointsEntry
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public PointsEntryKind Kind { get; set; }

    /// <summary>Signed: positive credits, negative debits.</summary>
    public long Points { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Credits: when the points become spendable (pending until then).</summary>
    public DateTime? ActiveFromUtc { get; set; }

    /// <summary>Credits: when what is left of them expires.</summary>
    public DateTime? ExpiresAtUtc { get; set; }

    /// <summary>What counts toward the tier (earned points, minus refunds); zero for bonuses and spending.</summary>
    public long QualifyingPoints { get; set; }

    /// <summary>When the qualifying points were earned (the purchase's time), for the rolling window.</summary>
    public DateTime QualifyingAtUtc { get; set; }

    /// <summary>What caused it, e.g. "purchase:ORD-1001", "redemption:7KQ4M2ZP", "tier:Gold".</summary>
    public string SourceRef { get; set; } = "";

    /// <summary>Unique per customer: the same effect can never be written twice (double clicks, retries, races).</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>Staff adjustments: the reason they typed.</summary>
    public string? Note { get; set; }

    public string? ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public long? PurchaseId { get; set; }
    public Purchase? Purchase { get; set; }
}

/// <summary>How many points a debit took from which credit (lot).</summary>
public class PointsAllocation
{
    public long Id { get; set; }
    public long DebitEntryId { get; set; }
    public long CreditEntryId { get; set; }
    public long Points { get; set; }
    public PointsEntry Debit { get; set; } = null!;
    public PointsEntry Credit { get; set; } = null!;
}

/// <summary>
/// The cached state of one customer's ledger. Every ledger write updates it and changes <see cref="Version"/>,
/// so two writers racing on one customer cannot both commit: the loser retries against the new state.
/// </summary>
public class PointsAccount
{
    public string CustomerId { get; set; } = "";
    public long Active { get; set; }
    public long Pending { get; set; }
    public long QualifyingPoints { get; set; }
    public Tier Tier { get; set; }
    public DateTime TierSinceUtc { get; set; }

    /// <summary>The highest tier whose entry bonus was given: bonuses are never given twice.</summary>
    public Tier BonusTierReached { get; set; }

    public DateTime RefreshedAtUtc { get; set; }
    public Guid Version { get; set; }
}

internal sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntry>
{
    public void Configure(EntityTypeBuilder<PointsEntry> entry)
    {
        entry.Property(e => e.CustomerId).HasMaxLength(64);
        entry.Property(e => e.SourceRef).HasMaxLength(120);
        entry.Property(e => e.IdempotencyKey).HasMaxLength(160);
        entry.Property(e => e.Note).HasMaxLength(500);
        entry.Property(e => e.ActorUserId).HasMaxLength(64);
        entry.Property(e => e.ActorName).HasMaxLength(100);
        // Unique per customer; keyed by the idempotency key first so that a batch's purchase keys ("purchase:" and the
        // shop's order ids) land side by side instead of one write at each customer's place.
        entry.HasIndex(e => new { e.IdempotencyKey, e.CustomerId }).IsUnique();
        entry.HasIndex(e => new { e.CustomerId, e.Id });
        entry.HasIndex(e => e.ExpiresAtUtc);
        entry.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
        entry.HasOne(e => e.Purchase).WithMany().HasForeignKey(e => e.PurchaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsAllocationConfiguration : IEntityTypeConfiguration<PointsAllocation>
{
    public void Configure(EntityTypeBuilder<PointsAllocation> allocation)
    {
        allocation.HasIndex(a => a.CreditEntryId);
        allocation.HasIndex(a => a.DebitEntryId);
        allocation.HasOne(a => a.Debit).WithMany().HasForeignKey(a => a.DebitEntryId).OnDelete(DeleteBehavior.Restrict);
        allocation.HasOne(a => a.Credit).WithMany().HasForeignKey(a => a.CreditEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsAccountConfiguration : IEntityTypeConfiguration<PointsAccount>
{
    public void Configure(EntityTypeBuilder<PointsAccount> account)
    {
        account.HasKey(a => a.CustomerId);
        account.Property(a => a.CustomerId).HasMaxLength(64);
        account.Property(a => a.Version).IsConcurrencyToken();
        account.HasIndex(a => a.Tier);
        account.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
