using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Referrals;

public enum ReferralState { Pending, Qualified, Rewarded, Expired, UnderReview, Rejected }

/// <summary>Why a referral went to review rather than being rewarded. Stored as flags: several can fire.</summary>
[Flags]
public enum ReferralSignal
{
    None = 0,
    SelfAccount = 1,
    SelfEmail = 2,
    SelfPhone = 4,
    SelfDevice = 8,
    SameIpBurst = 16,
    ExistingAccount = 32,
    OverMonthlyCap = 64,

    /// <summary>The friend signed up from an IP address the referrer signed in from within the last days (Referrals:ReferrerIpDays).</summary>
    ReferrerIp = 128,
}

/// <summary>A customer's own code; created once and never changed, so links already shared keep working.</summary>
public class ReferralCode
{
    public string CustomerId { get; set; } = "";
    public string Code { get; set; } = "";
    public long Visits { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The owner's device cookie when last seen on their referrals page: a friend signing up from it is the owner.</summary>
    public string? DeviceId { get; set; }
}

/// <summary>One friend who registered with a code. A friend has at most one (unique FriendId), set at registration only.</summary>
public class Referral
{
    public long Id { get; set; }
    public string ReferrerId { get; set; } = "";
    public string FriendId { get; set; } = "";
    public string Code { get; set; } = "";
    public ReferralState State { get; set; }
    public ReferralSignal Signals { get; set; }
    public string? Reason { get; set; }
    public long? QualifyingPurchaseId { get; set; }
    public string? SignupIp { get; set; }
    public string? DeviceId { get; set; }
    public DateTime RegisteredAtUtc { get; set; }
    public DateTime? QualifiedAtUtc { get; set; }
    public DateTime? RewardedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public long ReferrerPoints { get; set; }
    public long FriendPoints { get; set; }

    /// <summary>Changed on every state change: two deliveries of one purchase cannot both move the referral on.</summary>
    public Guid Version { get; set; }
}

internal sealed class ReferralCodeConfiguration : IEntityTypeConfiguration<ReferralCode>
{
    public void Configure(EntityTypeBuilder<ReferralCode> code)
    {
        code.HasKey(c => c.CustomerId);
        code.Property(c => c.CustomerId).HasMaxLength(64);
        code.Property(c => c.Code).HasMaxLength(16);
        code.Property(c => c.DeviceId).HasMaxLength(64);
        code.HasIndex(c => c.Code).IsUnique();
        code.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> referral)
    {
        referral.Property(r => r.ReferrerId).HasMaxLength(64);
        referral.Property(r => r.FriendId).HasMaxLength(64);
        referral.Property(r => r.Code).HasMaxLength(16);
        referral.Property(r => r.Reason).HasMaxLength(500);
        referral.Property(r => r.SignupIp).HasMaxLength(64);
        referral.Property(r => r.DeviceId).HasMaxLength(64);
        referral.Property(r => r.Version).IsConcurrencyToken();
        // Flags: a number, so several signals fit and can be filtered by bit (enums are otherwise stored as names).
        referral.Property(r => r.Signals).HasConversion<int>();
        referral.HasIndex(r => r.FriendId).IsUnique();
        referral.HasIndex(r => new { r.ReferrerId, r.Id });
        referral.HasIndex(r => new { r.Code, r.SignupIp, r.RegisteredAtUtc });
        referral.HasIndex(r => new { r.State, r.RegisteredAtUtc });
        referral.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(r => r.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        referral.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(r => r.FriendId).OnDelete(DeleteBehavior.Cascade);
    }
}
