using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Events;

namespace Portal.Core.Security;

public enum AlertKind
{
    FailedSignIns,
    NewDevice,
    RedemptionHeld,
    RedemptionVelocity,
    PurchaseOverCap,
    PurchaseBackdated,
    RefundFromOtherKey,
    RewardClaimHeld,
    OfferActivationHeld,
    NewCountry,
    ReferralAbuse,
}

/// <summary>
/// Open until the customer answers or staff decide. WasCustomer: "This was me". NotCustomer: "This wasn't me" (the
/// account was secured; staff still look). Confirmed: staff found fraud. Dismissed: staff found none.
/// </summary>
public enum AlertState { Open, WasCustomer, NotCustomer, Confirmed, Dismissed }

public enum AlertAnswer { WasMe, WasNotMe }

/// <summary>One fraud signal about a customer's account, shown to them on /security and to staff at /staff/security.</summary>
public sealed class SecurityAlert
{
    public const int MaxReason = 500;

    public long Id { get; private set; }
    public string CustomerId { get; private set; } = "";
    public AlertKind Kind { get; private set; }
    public AlertState State { get; internal set; }
    public DateTime CreatedAtUtc { get; private set; }
    public string? IpAddress { get; private set; }
    public string? UserAgent { get; private set; }

    /// <summary>Failed sign-ins counted, points asked for, or the amount (minor units) of a refused purchase.</summary>
    public long? Count { get; private set; }

    public long? RedemptionId { get; internal set; }

    /// <summary>Besides redemptions: the reward claim, offer code or referral reward held with this alert.</summary>
    public HeldItem? HeldItem { get; private set; }
    public long? HeldItemId { get; private set; }

    /// <summary>ISO 3166 two-letter country of a sign-in, from the trusted proxy's header.</summary>
    public string? Country { get; private set; }
    public long? IntegrationKeyId { get; private set; }

    /// <summary>The order id of a refused purchase or refund.</summary>
    public string? OrderId { get; private set; }

    public DateTime? AnsweredAtUtc { get; internal set; }
    public DateTime? ResolvedAtUtc { get; internal set; }
    public string? ResolvedByName { get; internal set; }
    public string? Reason { get; internal set; }

    public bool IsOpen => State == AlertState.Open;

    /// <summary>Something (a code, a claim, a reward) waits on staff to release or cancel it.</summary>
    public bool IsHold => RedemptionId is not null || HeldItemId is not null;

    private SecurityAlert() { }

    public static SecurityAlert For(string customerId, AlertKind kind, DateTime now, string? ip = null, string? userAgent = null,
        long? count = null, long? redemptionId = null, long? integrationKeyId = null, string? orderId = null,
        HeldItem? heldItem = null, long? heldItemId = null, string? country = null) => new()
    {
        CustomerId = customerId, Kind = kind, State = AlertState.Open, CreatedAtUtc = now, IpAddress = ip,
        UserAgent = userAgent is { Length: > SignInSession.MaxUserAgent } ? userAgent[..SignInSession.MaxUserAgent] : userAgent,
        Count = count, RedemptionId = redemptionId, IntegrationKeyId = integrationKeyId, OrderId = orderId,
        HeldItem = heldItemId is null ? null : heldItem, HeldItemId = heldItem is null ? null : heldItemId, Country = country,
    };
}

/// <summary>An alert was recorded: the Security notification topic tells the customer.</summary>
public sealed record SecurityAlertRaised(string UserId, long AlertId, AlertKind Kind) : IDomainEvent
{
    public string StreamKey => UserId;
}

internal sealed class SecurityAlertConfiguration : IEntityTypeConfiguration<SecurityAlert>
{
    public void Configure(EntityTypeBuilder<SecurityAlert> alert)
    {
        alert.ToTable("SecurityAlerts");
        alert.Property(a => a.CustomerId).HasMaxLength(450);
        alert.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        alert.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        alert.Property(a => a.IpAddress).HasMaxLength(64);
        alert.Property(a => a.UserAgent).HasMaxLength(SignInSession.MaxUserAgent);
        alert.Property(a => a.OrderId).HasMaxLength(64);
        alert.Property(a => a.ResolvedByName).HasMaxLength(100);
        alert.Property(a => a.Reason).HasMaxLength(SecurityAlert.MaxReason);
        alert.Property(a => a.Country).HasMaxLength(2);
        alert.Ignore(a => a.IsOpen);
        alert.Ignore(a => a.IsHold);
        alert.HasIndex(a => new { a.HeldItem, a.HeldItemId });
        alert.HasIndex(a => new { a.CustomerId, a.Id });
        alert.HasIndex(a => new { a.State, a.Id });
        alert.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
