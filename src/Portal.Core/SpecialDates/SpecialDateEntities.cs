using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Loyalty;

namespace Portal.Core.SpecialDates;

public enum SpecialDateKind { Birthday, Membership, Wedding }

/// <summary>Held: claimed within the security hold window; staff release it (Claimed) or cancel it (claimable again).</summary>
public enum SpecialDateRewardState { Available, Claimed, Expired, Held }

public enum SpecialDateRewardType { Points, Offer }

/// <summary>
/// What the special-dates rules need to remember about a customer's dates: when each was entered or changed (the
/// 30-day rule and the once-a-year limit) and the wedding anniversary. The birthday itself stays on the profile
/// (<see cref="Customers.PortalUser.BirthDate"/>); <see cref="KnownBirthDate"/> notices a change made elsewhere.
/// </summary>
public class SpecialDateProfile
{
    public string CustomerId { get; set; } = "";

    /// <summary>The birthday as last seen here; a different one on the profile was changed since.</summary>
    public DateOnly? KnownBirthDate { get; set; }

    /// <summary>The customer's local date the birthday was entered or last changed.</summary>
    public DateOnly? BirthdaySetOn { get; set; }

    /// <summary>When an existing birthday was last changed (the first entry is not a change).</summary>
    public DateTime? BirthdayChangedAtUtc { get; set; }

    public DateOnly? WeddingDate { get; set; }
    public DateOnly? WeddingSetOn { get; set; }
    public DateTime? WeddingChangedAtUtc { get; set; }

    /// <summary>Changed on every save: two tabs changing a date at once cannot both use the one change a year.</summary>
    public Guid Version { get; set; }
}

/// <summary>
/// One reward for one date in one year: made by the daily job when its window opens, claimed once, expired when the
/// window closes unclaimed. The unique (CustomerId, Kind, Year) keeps it to one whoever makes or claims it.
/// </summary>
public class SpecialDateReward
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public SpecialDateKind Kind { get; set; }
    public int Year { get; set; }

    /// <summary>The day celebrated this year in the customer's calendar (28 February for a 29 February date in other years).</summary>
    public DateOnly Date { get; set; }

    public DateOnly AvailableFrom { get; set; }
    public DateOnly AvailableUntil { get; set; }
    public DateTime AvailableFromUtc { get; set; }

    /// <summary>The end of <see cref="AvailableUntil"/> in the customer's time zone.</summary>
    public DateTime ExpiresAtUtc { get; set; }

    public Tier Tier { get; set; }
    public SpecialDateRewardType Type { get; set; }
    public long Points { get; set; }

    /// <summary>For an offer reward: what the Offers module issues (see <see cref="ISpecialDateOfferIssuer"/>).</summary>
    public string? OfferKey { get; set; }

    /// <summary>For a claimed offer reward: the code the Offers module issued.</summary>
    public string? OfferReference { get; set; }

    public SpecialDateRewardState State { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ClaimedAtUtc { get; set; }
    public DateTime? ExpiredAtUtc { get; set; }

    public Guid Version { get; set; }
}

internal sealed class SpecialDateProfileConfiguration : IEntityTypeConfiguration<SpecialDateProfile>
{
    public void Configure(EntityTypeBuilder<SpecialDateProfile> profile)
    {
        profile.HasKey(p => p.CustomerId);
        profile.Property(p => p.CustomerId).HasMaxLength(64);
        profile.Property(p => p.Version).IsConcurrencyToken();
        profile.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpecialDateRewardConfiguration : IEntityTypeConfiguration<SpecialDateReward>
{
    public void Configure(EntityTypeBuilder<SpecialDateReward> reward)
    {
        reward.Property(r => r.CustomerId).HasMaxLength(64);
        reward.Property(r => r.OfferKey).HasMaxLength(64);
        reward.Property(r => r.OfferReference).HasMaxLength(64);
        reward.Property(r => r.Version).IsConcurrencyToken();
        reward.HasIndex(r => new { r.CustomerId, r.Kind, r.Year }).IsUnique();
        reward.HasIndex(r => new { r.State, r.ExpiresAtUtc });
        reward.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
