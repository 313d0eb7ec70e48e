using Portal.Core.Events;

namespace Portal.Core.Security;

public sealed record RecoveryCodeUsed(string UserId, string? IpAddress, string? UserAgent) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>Too many wrong passwords locked the account for a while; its sessions and app tokens were ended.</summary>
public sealed record AccountLockedOut(string UserId, string? IpAddress, string? UserAgent) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>A refresh token that had already been traded in came back: its whole family (the app session) was ended.</summary>
public sealed record RefreshTokenReused(string UserId, string SessionId, string? IpAddress, string? UserAgent) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>
/// Sessions ended for a reason other than an ordinary sign-out: <see cref="SessionEndReasons"/>. SessionId is the one
/// session ended when only one was.
/// </summary>
public sealed record SessionsEnded(string UserId, string Reason, int Count, string? SessionId = null, string? UserAgent = null) : IDomainEvent
{
    public string StreamKey => UserId;
}

public static class SessionEndReasons
{
    public const string SignedOut = "signed_out";
    public const string SignedOutByUser = "signed_out_by_user";
    public const string SignedOutEverywhereElse = "signed_out_everywhere_else";
    public const string PasswordChanged = "password_changed";
    public const string Locked = "locked";
    public const string LockedOut = "locked_out";
    public const string RefreshTokenReused = "refresh_token_reused";
    public const string ReportedNotMe = "reported_not_me";
}

/// <summary>The customer's phone number was changed on their profile (it needs verifying again).</summary>
public sealed record PhoneNumberChanged(string UserId) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>A redemption was held for a security check instead of completed: its points are reserved, its code withheld.</summary>
public sealed record RedemptionHeld(string UserId, long RedemptionId, long Points, AlertKind Reason) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>What, besides a points redemption, can be held for a security check.</summary>
public enum HeldItem { RewardClaim, OfferActivation, ReferralReward }

/// <summary>
/// A reward claim, offer activation or referral reward was held for a security check instead of completed; staff
/// release or cancel it at /staff/security.
/// </summary>
public sealed record ItemHeld(string UserId, HeldItem Item, long ItemId, AlertKind Reason) : IDomainEvent
{
    public string StreamKey => UserId;
}
