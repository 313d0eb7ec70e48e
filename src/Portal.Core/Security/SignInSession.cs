using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Security;

public enum SessionKind { Browser, App }

/// <summary>
/// One signed-in browser or app, checked on every request: its id travels in the auth cookie or token, so ending
/// it here ends that sign-in at once. An app session is also its refresh-token family (<see cref="RefreshTokenId"/>
/// is the one token of the family that may still be used).
/// </summary>
public sealed class SignInSession
{
    public const int MaxUserAgent = 512;

    public string Id { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public SessionKind Kind { get; private set; }

    /// <summary>password, two_factor, recovery_code, registration or other.</summary>
    public string Method { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime LastSeenAtUtc { get; internal set; }
    public DateTime ExpiresAtUtc { get; private set; }
    public string? IpAddress { get; internal set; }
    public string? UserAgent { get; private set; }

    /// <summary>ISO 3166 two-letter country from the trusted proxy's header (Fraud:CountryHeader), when there is one.</summary>
    public string? Country { get; internal set; }

    public string? RefreshTokenId { get; internal set; }
    public DateTime? RevokedAtUtc { get; internal set; }
    public string? RevokedReason { get; internal set; }

    internal static SignInSession Start(string userId, SessionKind kind, string method, string? ip, string? userAgent, DateTime now, DateTime expires) => new()
    {
        Id = SessionIds.New(),
        UserId = userId,
        Kind = kind,
        Method = method,
        CreatedAtUtc = now,
        LastSeenAtUtc = now,
        ExpiresAtUtc = expires,
        IpAddress = ip,
        UserAgent = userAgent is { Length: > MaxUserAgent } ? userAgent[..MaxUserAgent] : userAgent,
        RefreshTokenId = kind == SessionKind.App ? SessionIds.New() : null,
    };
}

public static class SessionIds
{
    /// <summary>128 random bits, URL-safe.</summary>
    public static string New() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> session)
    {
        session.ToTable("SignInSessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Id).HasMaxLength(32);
        session.Property(s => s.UserId).HasMaxLength(450);
        session.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        session.Property(s => s.Method).HasMaxLength(32);
        session.Property(s => s.IpAddress).HasMaxLength(64);
        session.Property(s => s.Country).HasMaxLength(2);
        session.Property(s => s.UserAgent).HasMaxLength(SignInSession.MaxUserAgent);
        session.Property(s => s.RefreshTokenId).HasMaxLength(32);
        session.Property(s => s.RevokedReason).HasMaxLength(32);
        session.HasIndex(s => new { s.UserId, s.RevokedAtUtc });
        session.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
