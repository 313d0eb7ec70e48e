using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Analytics;

/// <summary>
/// A BG/NBD + Gamma-Gamma fit over the whole customer base (maximum likelihood), stored with its date so each
/// customer's predicted value can be computed from their own history without refitting. Model parameters are
/// doubles; money stays in minor units elsewhere. Time is measured in weeks; spend in whole currency units.
/// </summary>
public class ClvFit
{
    public long Id { get; set; }
    public DateTime FittedAtUtc { get; set; }

    /// <summary>The end of the observation window the customers' (x, t_x, T) were measured against.</summary>
    public DateTime ObservedUntilUtc { get; set; }
    public string Currency { get; set; } = "";
    public int Customers { get; set; }
    public int RepeatCustomers { get; set; }

    public double R { get; set; }
    public double Alpha { get; set; }
    public double A { get; set; }
    public double B { get; set; }
    public double BgNbdLogLikelihood { get; set; }

    public double P { get; set; }
    public double Q { get; set; }
    public double Gamma { get; set; }
    public double GammaGammaLogLikelihood { get; set; }
}

internal sealed class ClvFitConfiguration : IEntityTypeConfiguration<ClvFit>
{
    public void Configure(EntityTypeBuilder<ClvFit> fit)
    {
        fit.Property(f => f.Currency).HasMaxLength(3);
        fit.HasIndex(f => f.FittedAtUtc);
    }
}
