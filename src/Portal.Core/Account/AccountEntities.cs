using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Customers;

namespace Portal.Core.Account;

public enum DataExportState { Queued, Running, Ready, Failed }

/// <summary>A "download my data" request: prepared in the background, its ZIP downloadable by its customer for 24 hours.</summary>
public class DataExport
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public Guid Id { get; set; }
    public string CustomerId { get; set; } = "";
    public DataExportState State { get; set; }

    /// <summary>0–100, moved as the kinds of records are written.</summary>
    public int Percent { get; set; }

    public DateTime RequestedAtUtc { get; set; }
    public DateTime? ReadyAtUtc { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    public long? SizeBytes { get; set; }

    public bool IsDownloadable(DateTime utcNow) => State == DataExportState.Ready && ExpiresAtUtc > utcNow;
}

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> e)
    {
        e.ToTable("DataExports");
        e.HasKey(x => x.Id);
        e.Property(x => x.CustomerId).HasMaxLength(450);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.CustomerId, x.RequestedAtUtc });
    }
}
