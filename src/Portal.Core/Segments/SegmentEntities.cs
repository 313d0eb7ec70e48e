using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Segments;

/// <summary>The business segments, in the order the rules are tried (first match wins); <see cref="New"/> has no purchases.</summary>
/// <remarks>Serialized by name (events, API), as it is stored.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<Segment>))]
public enum Segment { New, Inactive, Vip, AtRisk, Frequent, Occasional }

public enum SegmentRunStatus { Running, Completed, Failed }

/// <summary>
/// A customer's latest RFM scores and segment, one row per scored customer, written by a computation that changes it.
/// Scores are 1–5 by quintile over the scored customers (recency reversed: 5 is the most recent).
/// </summary>
public class CustomerScore
{
    public string CustomerId { get; set; } = "";
    public Segment Segment { get; set; }

    /// <summary>The segment before the last change of segment (null when it has not changed since first scored).</summary>
    public Segment? PreviousSegment { get; set; }

    public int Recency { get; set; }
    public int Frequency { get; set; }
    public int Monetary { get; set; }

    public DateTime LastPurchaseAtUtc { get; set; }
    public int Purchases12Months { get; set; }
    public long Spend12MonthsMinor { get; set; }
    public int Purchases90Days { get; set; }
    public long Spend90DaysMinor { get; set; }
    public long SpendPrior90DaysMinor { get; set; }

    /// <summary>Purchases in the recent window's predecessor: kept so a later run can score this customer without rereading their purchases.</summary>
    public int PurchasesPrior90Days { get; set; }

    /// <summary>The run that last changed this row, and when; the latest run's time is on <see cref="SegmentRun"/>.</summary>
    public long RunId { get; set; }
    public DateTime ComputedAtUtc { get; set; }
}

/// <summary>A segment a customer was put in: written when the segment changes, so the rows are the history.</summary>
public class SegmentHistoryEntry
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public long RunId { get; set; }
    public Segment Segment { get; set; }
    public Segment? PreviousSegment { get; set; }
    public int Recency { get; set; }
    public int Frequency { get; set; }
    public int Monetary { get; set; }
    public DateTime AssignedAtUtc { get; set; }
}

/// <summary>One computation over the whole customer base, nightly or started by staff.</summary>
public class SegmentRun
{
    public long Id { get; set; }
    public SegmentRunStatus Status { get; set; }
    public string? StartedByUserId { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>Progress for the staff page: steps done out of <see cref="StepCount"/>.</summary>
    public int StepsDone { get; set; }
    public int StepCount { get; set; }

    /// <summary>The trailing-12-month spend a customer needed to be VIP in this run (the top-5% edge).</summary>
    public long VipThresholdMinor { get; set; }

    public int CustomersScored { get; set; }
    public int CustomersChanged { get; set; }
    public long DurationMs { get; set; }
    public string? Error { get; set; }

    /// <summary>The moment the run scored "as of" (its windows end here); the next run rereads only what changed since.</summary>
    public DateTime? AsOfUtc { get; set; }

    /// <summary>The window lengths the stored figures were computed with; a run with other lengths rereads everything.</summary>
    public string? Basis { get; set; }

    /// <summary>False for a full pass over every purchase; true when only changed customers' purchases were reread.</summary>
    public bool Incremental { get; set; }

    /// <summary>Customers whose purchases this run reread (every scored customer on a full pass).</summary>
    public int CustomersRescanned { get; set; }

    /// <summary>
    /// How many purchases there were, and the highest Id, when the run read them: the next run counts again and, when
    /// nothing but new purchases explains the count, skips the search for scores whose purchases were all deleted.
    /// </summary>
    public long? PurchaseCount { get; set; }
    public long? PurchaseMaxId { get; set; }
}

internal sealed class CustomerScoreConfiguration : IEntityTypeConfiguration<CustomerScore>
{
    public void Configure(EntityTypeBuilder<CustomerScore> score)
    {
        score.HasKey(s => s.CustomerId);
        score.Property(s => s.CustomerId).HasMaxLength(64);
        score.HasOne<Customers.PortalUser>().WithOne().HasForeignKey<CustomerScore>(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        score.HasIndex(s => s.Segment);
    }
}

internal sealed class SegmentHistoryEntryConfiguration : IEntityTypeConfiguration<SegmentHistoryEntry>
{
    public void Configure(EntityTypeBuilder<SegmentHistoryEntry> entry)
    {
        entry.Property(e => e.CustomerId).HasMaxLength(64);
        entry.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        entry.HasIndex(e => new { e.CustomerId, e.AssignedAtUtc });
        entry.HasIndex(e => e.RunId);
    }
}

internal sealed class SegmentRunConfiguration : IEntityTypeConfiguration<SegmentRun>
{
    public void Configure(EntityTypeBuilder<SegmentRun> run)
    {
        run.Property(r => r.StartedByUserId).HasMaxLength(64);
        run.Property(r => r.Error).HasMaxLength(2000);
        run.Property(r => r.Basis).HasMaxLength(64);
        run.HasIndex(r => r.StartedAtUtc);
    }
}
