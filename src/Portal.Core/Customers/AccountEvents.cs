using Portal.Core.Events;

namespace Portal.Core.Customers;

public sealed record AccountRegistered(string UserId) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>Someone used this account's email to register: the owner is told by email, the form answers as for a new address.</summary>
public sealed record RegistrationWithTakenEmail(string UserId) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>The customer asked for the confirmation link again.</summary>
public sealed record EmailConfirmationRequested(string UserId) : IDomainEvent
{
    public string StreamKey => UserId;
}

public sealed record EmailChangeRequested(string UserId) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>Raised for unknown addresses too (UserId null), so known and unknown addresses take the same path.</summary>
public sealed record PasswordResetRequested(string? UserId) : IDomainEvent
{
    public const string AnonymousStream = "anonymous";
    public string StreamKey => UserId ?? AnonymousStream;
}

public sealed record PasswordChanged(string UserId) : IDomainEvent
{
    public string StreamKey => UserId;
}

public sealed record TwoFactorChanged(string UserId, bool Enabled) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>
/// A new session began. Method: password, two_factor, recovery_code, registration or other; NewDevice when this
/// account had sessions before and none from this browser and system (the later fields are empty in older events).
/// </summary>
/// <param name="Country">ISO 3166 two-letter country from the trusted proxy's header, when configured and sent.</param>
/// <param name="NewCountry">The account has signed in from a known country before, never from this one.</param>
public sealed record SignInSucceeded(string UserId, string? IpAddress, string? UserAgent = null, string? Method = null,
    string? SessionId = null, bool NewDevice = false, bool App = false, string? Country = null, bool NewCountry = false) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>UserId is null when the name matched no account.</summary>
public sealed record SignInFailed(string? UserId, string? IpAddress, string Reason, string? UserAgent = null) : IDomainEvent
{
    public string StreamKey => UserId ?? PasswordResetRequested.AnonymousStream;
}
