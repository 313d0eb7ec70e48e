using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Security;

public sealed record SessionLine(string Id, SessionKind Kind, string Method, string? IpAddress, string? UserAgent, DateTime CreatedAtUtc, DateTime LastSeenAtUtc);

/// <summary>What <see cref="SignInSessions.IsOpen"/> needs of a session.</summary>
public sealed record SessionFacts(string UserId, SessionKind Kind, DateTime? RevokedAtUtc, DateTime ExpiresAtUtc, DateTime LastSeenAtUtc);

public enum RefreshOutcome { Rotated, Reused, Invalid }

public readonly record struct RefreshResult(RefreshOutcome Outcome, string? NewRefreshTokenId);

/// <summary>
/// Server-side sign-in sessions: started at every sign-in, checked on every request, ended by sign-out, by the
/// customer from /security, by a password change or a lock. Every query is scoped to the owner's user id.
/// </summary>
public sealed class SignInSessions(PortalDbContext db, Outbox outbox, TimeProvider clock, SessionOptions options, AccessRevocation revocation)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private sealed record SessionState(string UserId, SessionKind Kind, DateTime? RevokedAtUtc, DateTime ExpiresAtUtc, DateTime LastSeenAtUtc, string? IpAddress,
        long Alongside);

    private const string StateSql = """
        SELECT s."UserId", s."Kind", s."RevokedAtUtc", s."ExpiresAtUtc", s."LastSeenAtUtc", s."IpAddress"{0} FROM "SignInSessions" AS s WHERE s."Id" = @id
        """;

    private static readonly string PlainStateSql = string.Format(System.Globalization.CultureInfo.InvariantCulture, StateSql, "");

    // The statement with each scalar asked for alongside, built once rather than on every request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> StateSqlWith = new(StringComparer.Ordinal);

    // Read on every signed-in request and hub call (SessionValidation), as a plain command. Kind is stored by name; times as UTC.
    private Task<SessionState?> StateAsync(string id, string? alongside, CancellationToken ct) =>
        HotReads.FirstRowAsync<SessionState?>(db, alongside is null ? PlainStateSql
                : StateSqlWith.GetOrAdd(alongside, a => string.Format(System.Globalization.CultureInfo.InvariantCulture, StateSql, ", " + a)),
            r => new SessionState(r.GetString(0), Enum.Parse<SessionKind>(r.GetString(1)), r.GetUtcOrNull(2), r.GetUtc(3), r.GetUtc(4),
                r.IsDBNull(5) ? null : r.GetString(5), alongside is null ? 0 : Convert.ToInt64(r.GetValue(6), System.Globalization.CultureInfo.InvariantCulture)),
            ct, ("@id", id));

    /// <summary>Starts a session and records the sign-in (with whether the device is new) in the same SaveChanges.</summary>
    /// <param name="country">From <see cref="Countries.FromHeader"/>: null where the place is not known.</param>
    public async Task<SignInSession> StartAsync(string userId, SessionKind kind, string method, string? ip, string? userAgent, CancellationToken ct = default,
        string? country = null)
    {
        var now = Now;
        var session = SignInSession.Start(userId, kind, method, ip, userAgent, now,
            now + (kind == SessionKind.App ? options.AppLifetime : options.BrowserLifetime));
        session.Country = Countries.Normalize(country);
        var earlier = await db.Set<SignInSession>().AsNoTracking().Where(s => s.UserId == userId)
            .OrderByDescending(s => s.CreatedAtUtc).Take(200).Select(s => new { s.UserAgent, s.Country }).ToListAsync(ct);
        var device = UserAgents.Describe(session.UserAgent);
        var newDevice = earlier.Count > 0 && !earlier.Any(e => UserAgents.Describe(e.UserAgent) == device);
        // Only against sign-ins whose country is known: the first known country is nothing to alert on.
        var known = earlier.Where(e => e.Country is not null).Select(e => e.Country).ToList();
        var newCountry = session.Country is not null && known.Count > 0 && !known.Contains(session.Country);
        db.Add(session);
        outbox.Raise(new SignInSucceeded(userId, ip, session.UserAgent, method, session.Id, newDevice, kind == SessionKind.App, session.Country, newCountry));
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>
    /// Whether the session is open for this user (not ended, not idle too long, not past its lifetime). Notes when it
    /// was last seen, at most once per <see cref="SessionOptions.LastSeenResolution"/>.
    /// </summary>
    public async Task<bool> IsActiveAsync(string userId, string sessionId, string? ip, CancellationToken ct = default) =>
        (await CheckAsync(userId, sessionId, ip, null, ct)).Active;

    /// <summary>
    /// <see cref="IsActiveAsync(string, string, string?, CancellationToken)"/>, and in the same statement a number about
    /// the session's own user: <paramref name="alongside"/> is a scalar subquery over <c>s."UserId"</c> (the bell's
    /// count, which every page shows). The number is 0 when the session is not open.
    /// </summary>
    public Task<(bool Active, long Alongside)> IsActiveAsync(string userId, string sessionId, string? ip, string alongside, CancellationToken ct = default) =>
        CheckAsync(userId, sessionId, ip, alongside, ct);

    private async Task<(bool Active, long Alongside)> CheckAsync(string userId, string sessionId, string? ip, string? alongside, CancellationToken ct)
    {
        var now = Now;
        var s = await StateAsync(sessionId, alongside, ct);
        if (s is null || !IsOpen(userId, new SessionFacts(s.UserId, s.Kind, s.RevokedAtUtc, s.ExpiresAtUtc, s.LastSeenAtUtc))) return (false, 0);
        if (now - s.LastSeenAtUtc >= options.LastSeenResolution || (ip is not null && ip != s.IpAddress))
            await db.Set<SignInSession>().Where(x => x.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAtUtc, now).SetProperty(x => x.IpAddress, ip ?? s.IpAddress), ct);
        return (true, s.Alongside);
    }

    /// <summary>
    /// The same check as <see cref="IsActiveAsync"/> without noting the visit, over a session its caller read within
    /// a query of its own (a live chat's rights, <c>ChatRights</c>); null when there is no such session.
    /// </summary>
    public bool IsOpen(string userId, SessionFacts? s)
    {
        var now = Now;
        if (s is null || s.UserId != userId || s.RevokedAtUtc is not null || now >= s.ExpiresAtUtc) return false;
        return now - s.LastSeenAtUtc < (s.Kind == SessionKind.App ? options.AppIdleTimeout : options.BrowserIdleTimeout);
    }

    /// <summary>The user's open sessions, most recently used first.</summary>
    public async Task<IReadOnlyList<SessionLine>> ListAsync(string userId, CancellationToken ct = default)
    {
        var now = Now;
        var browserIdle = now - options.BrowserIdleTimeout;
        var appIdle = now - options.AppIdleTimeout;
        return await db.Set<SignInSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAtUtc == null && s.ExpiresAtUtc > now)
            .Where(s => s.Kind == SessionKind.App ? s.LastSeenAtUtc > appIdle : s.LastSeenAtUtc > browserIdle)
            .OrderByDescending(s => s.LastSeenAtUtc).ThenByDescending(s => s.CreatedAtUtc)
            .Select(s => new SessionLine(s.Id, s.Kind, s.Method, s.IpAddress, s.UserAgent, s.CreatedAtUtc, s.LastSeenAtUtc))
            .ToListAsync(ct);
    }

    /// <summary>Ends one of the user's own sessions; false when there is no such open session of theirs.</summary>
    public async Task<bool> EndAsync(string userId, string sessionId, string reason, CancellationToken ct = default)
    {
        var now = Now;
        var session = await db.Set<SignInSession>()
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId && s.RevokedAtUtc == null, ct);
        if (session is null) return false;
        (session.RevokedAtUtc, session.RevokedReason) = (now, reason);
        if (reason != SessionEndReasons.SignedOut)
            outbox.Raise(new SessionsEnded(userId, reason, 1, sessionId, session.UserAgent));
        await db.SaveChangesAsync(ct);
        await NotifyWhenCommittedAsync(userId, ct);
        return true;
    }

    /// <summary>Ends every open session of the user but <paramref name="exceptSessionId"/>; returns how many.</summary>
    public async Task<int> EndAllAsync(string userId, string reason, string? exceptSessionId = null, CancellationToken ct = default)
    {
        var now = Now;
        var open = await db.Set<SignInSession>()
            .Where(s => s.UserId == userId && s.RevokedAtUtc == null && s.ExpiresAtUtc > now && s.Id != exceptSessionId)
            .ToListAsync(ct);
        foreach (var s in open) (s.RevokedAtUtc, s.RevokedReason) = (now, reason);
        if (open.Count > 0) outbox.Raise(new SessionsEnded(userId, reason, open.Count));
        await db.SaveChangesAsync(ct);
        if (open.Count > 0) await NotifyWhenCommittedAsync(userId, ct);
        return open.Count;
    }

    /// <summary>
    /// Trades <paramref name="refreshTokenId"/> for a new one. A token already traded in ends the whole app session
    /// and is recorded (someone holds a copy); a closed or unknown session is simply invalid.
    /// </summary>
    public async Task<RefreshResult> RotateRefreshTokenAsync(string userId, string sessionId, string refreshTokenId, string? ip, string? userAgent, CancellationToken ct = default)
    {
        var now = Now;
        var next = SessionIds.New();
        var idleSince = now - options.AppIdleTimeout;
        // One conditional update: two racing refreshes with one token cannot both win.
        var rotated = await db.Set<SignInSession>()
            .Where(s => s.Id == sessionId && s.UserId == userId && s.Kind == SessionKind.App && s.RevokedAtUtc == null
                && s.ExpiresAtUtc > now && s.LastSeenAtUtc > idleSince && s.RefreshTokenId == refreshTokenId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RefreshTokenId, next).SetProperty(s => s.LastSeenAtUtc, now)
                .SetProperty(s => s.IpAddress, ip), ct);
        if (rotated == 1) return new(RefreshOutcome.Rotated, next);

        var session = await db.Set<SignInSession>().FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId && s.Kind == SessionKind.App, ct);
        if (session is null || session.RefreshTokenId == refreshTokenId) return new(RefreshOutcome.Invalid, null);
        // An older token of this family: reuse, whether or not the family is still open.
        if (session.RevokedAtUtc is null) (session.RevokedAtUtc, session.RevokedReason) = (now, SessionEndReasons.RefreshTokenReused);
        outbox.Raise(new RefreshTokenReused(userId, sessionId, ip, userAgent is { Length: > SignInSession.MaxUserAgent } ? userAgent[..SignInSession.MaxUserAgent] : userAgent));
        await db.SaveChangesAsync(ct);
        await NotifyWhenCommittedAsync(userId, ct);
        return new(RefreshOutcome.Reused, null);
    }

    // Inside a caller's transaction (an admin's lock) the caller tells once it has committed.
    private Task NotifyWhenCommittedAsync(string userId, CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? revocation.NotifyAsync(userId, ct) : Task.CompletedTask;
}
