using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Security;

namespace Portal.Core.Chat;

/// <summary>What a live chat connection may do now: act at all, and act as an agent.</summary>
public readonly record struct ChatAccess(bool Allowed, bool IsAgent)
{
    /// <summary>Whether a connection opened as an agent's (or not) may go on: an agent connection only while its person is one.</summary>
    public bool Keeps(bool agentConnection) => Allowed && (!agentConnection || IsAgent);
}

/// <summary>A person's standing for live chat as one read finds it; null session: no such session of theirs.</summary>
public sealed record ChatStanding(DateTimeOffset? LockoutEnd, SessionFacts? Session, bool HoldsAgentRole);

/// <summary>
/// What a hub connection may do, read from the database rather than the cookie or token it opened with: the session
/// still open, the account not locked, and (for agents, browser only) an agent role still held.
/// </summary>
public sealed class ChatRights(PortalDbContext db, SignInSessions sessions, TimeProvider clock)
{
    public async Task<ChatAccess> CheckAsync(string userId, string? sessionId, bool viaToken, CancellationToken ct = default)
    {
        if (sessionId is null) return default;
        return Access(userId, await StandingOf.For(db)(db, userId, sessionId, ct), viaToken);
    }

    /// <summary>The rule over a standing read by <see cref="CheckAsync"/> or within a query of the caller's own (sending a message).</summary>
    public ChatAccess Access(string userId, ChatStanding? standing, bool viaToken)
    {
        if (standing is null || standing.LockoutEnd > clock.GetUtcNow() || !sessions.IsOpen(userId, standing.Session)) return default;
        return new(true, !viaToken && standing.HoldsAgentRole);
    }

    // Before every hub call: one statement, compiled once so EF skips building and looking the query up.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, string, CancellationToken, Task<ChatStanding?>>> StandingOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string userId, string sessionId, CancellationToken ct) =>
            (from u in db.Users.AsNoTracking().Where(u => u.Id == userId)
             from s in db.Set<SignInSession>().AsNoTracking().Where(s => s.Id == sessionId).DefaultIfEmpty()
             select new ChatStanding(u.LockoutEnd,
                 s == null ? null : new SessionFacts(s.UserId, s.Kind, s.RevokedAtUtc, s.ExpiresAtUtc, s.LastSeenAtUtc),
                 db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && ChatService.AgentRoles.Contains(r.Name!)))))
            .FirstOrDefault()));
}
