using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.Security;

public enum ActivityKind
{
    SignedIn,
    SignedInNewDevice,
    SignInFailed,
    PasswordChanged,
    EmailChangeRequested,
    TwoFactorOn,
    TwoFactorOff,
    RecoveryCodeUsed,
    LockedOut,
    RefreshTokenReused,
    SessionsEnded,
    RewardRedeemed,
}

/// <summary>
/// One line of a customer's security activity. Method: how they signed in; Reason: why a sign-in failed or
/// sessions ended; Count: sessions ended or points spent.
/// </summary>
public sealed record ActivityItem(long Id, ActivityKind Kind, DateTime AtUtc, string? IpAddress, string? UserAgent,
    string? Method = null, bool App = false, string? Reason = null, long? Count = null, string? Country = null);

public sealed record ActivityPage(IReadOnlyList<ActivityItem> Items, long? NextBefore);

/// <summary>
/// A customer's security activity over the last <see cref="Days"/> days, read from the events already recorded on
/// their stream in the outbox (sign-ins, failures, changes, redemptions): nothing is recorded twice.
/// </summary>
public sealed class SecurityActivity(PortalDbContext db, TimeProvider clock, DomainEventTypes types)
{
    public const int Days = 90;

    private static readonly string[] Shown =
    [
        .. new[]
        {
            typeof(SignInSucceeded), typeof(SignInFailed), typeof(PasswordChanged), typeof(EmailChangeRequested), typeof(TwoFactorChanged),
            typeof(RecoveryCodeUsed), typeof(AccountLockedOut), typeof(RefreshTokenReused), typeof(SessionsEnded), typeof(RewardRedeemed),
        }.Select(DomainEventTypes.NameOf),
    ];

    /// <summary>Newest first; <paramref name="before"/> is the last id of the previous page.</summary>
    public async Task<ActivityPage> PageAsync(string userId, long? before, int take, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days);
        var query = db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.StreamLookupKey == userId && Shown.Contains(m.Type) && m.OccurredAtUtc >= since);
        if (before is { } b) query = query.Where(m => m.Id < b);
        var rows = await query.OrderByDescending(m => m.Id).Take(take + 1)
            .Select(m => new { m.Id, m.Type, m.Payload, m.OccurredAtUtc }).ToListAsync(ct);
        var items = rows.Take(take).Select(r => ToItem(r.Id, r.OccurredAtUtc, types.Deserialize(r.Type, r.Payload)))
            .OfType<ActivityItem>().ToList();
        return new ActivityPage(items, rows.Count > take ? rows[take - 1].Id : null);
    }

    /// <summary>Every item since the account was made, oldest first: the readable part of "download my data".</summary>
    public async Task<IReadOnlyList<ActivityItem>> AllAsync(string userId, CancellationToken ct = default)
    {
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.StreamLookupKey == userId && Shown.Contains(m.Type)).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Type, m.Payload, m.OccurredAtUtc }).ToListAsync(ct);
        return [.. rows.Select(r => ToItem(r.Id, r.OccurredAtUtc, types.Deserialize(r.Type, r.Payload))).OfType<ActivityItem>()];
    }

    /// <summary>When the password was last set: the newest change or reset, else when the account was made.</summary>
    public async Task<DateTime> PasswordSetAtAsync(PortalUser user, CancellationToken ct = default)
    {
        var type = DomainEventTypes.NameOf(typeof(PasswordChanged));
        var changed = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.StreamLookupKey == user.Id && m.Type == type).MaxAsync(m => (DateTime?)m.OccurredAtUtc, ct);
        return changed ?? user.MemberSinceUtc;
    }

    /// <summary>
    /// Alerts still open: a lockout or a reused refresh token since the password was last set, within 30 days
    /// (changing the password closes them), and fraud alerts nobody has answered yet.
    /// </summary>
    public async Task<int> OpenAlertsAsync(PortalUser user, CancellationToken ct = default)
    {
        var since = await PasswordSetAtAsync(user, ct);
        var monthAgo = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        if (since < monthAgo) since = monthAgo;
        string[] alerts = [DomainEventTypes.NameOf(typeof(AccountLockedOut)), DomainEventTypes.NameOf(typeof(RefreshTokenReused))];
        var events = await db.Set<OutboxMessage>().AsNoTracking()
            .CountAsync(m => m.StreamLookupKey == user.Id && alerts.Contains(m.Type) && m.OccurredAtUtc > since, ct);
        // Fraud alerts stay open until answered on /security or decided by staff.
        return events + await db.Set<SecurityAlert>().CountAsync(a => a.CustomerId == user.Id && a.State == AlertState.Open, ct);
    }

    private static ActivityItem? ToItem(long id, DateTime at, IDomainEvent e) => e switch
    {
        SignInSucceeded s => new(id, s.NewDevice ? ActivityKind.SignedInNewDevice : ActivityKind.SignedIn, at, s.IpAddress, s.UserAgent, s.Method, s.App,
            Country: s.Country),
        SignInFailed f => new(id, ActivityKind.SignInFailed, at, f.IpAddress, f.UserAgent, Reason: f.Reason),
        PasswordChanged => new(id, ActivityKind.PasswordChanged, at, null, null),
        EmailChangeRequested => new(id, ActivityKind.EmailChangeRequested, at, null, null),
        TwoFactorChanged t => new(id, t.Enabled ? ActivityKind.TwoFactorOn : ActivityKind.TwoFactorOff, at, null, null),
        RecoveryCodeUsed r => new(id, ActivityKind.RecoveryCodeUsed, at, r.IpAddress, r.UserAgent),
        AccountLockedOut l => new(id, ActivityKind.LockedOut, at, l.IpAddress, l.UserAgent),
        RefreshTokenReused r => new(id, ActivityKind.RefreshTokenReused, at, r.IpAddress, r.UserAgent, App: true),
        SessionsEnded s => new(id, ActivityKind.SessionsEnded, at, null, s.UserAgent, Reason: s.Reason, Count: s.Count),
        RewardRedeemed r => new(id, ActivityKind.RewardRedeemed, at, null, null, Count: r.Points),
        _ => null,
    };
}
