using System.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Administration;

/// <summary>Why an admin change was refused. The web layer turns each into a localized message.</summary>
public enum PeopleAdminError
{
    PersonNotFound,
    NotAllowed,
    UnknownRole,
    AlreadyInRole,
    NotInRole,
    CannotRemoveOwnAdmin,
    CannotLockSelf,
    LastAdmin,
    AlreadyLocked,
    NotLocked,
    Failed,
}

public readonly record struct PeopleAdminResult(PeopleAdminError? Error)
{
    public static readonly PeopleAdminResult Ok = new(null);
    public bool Succeeded => Error is null;
    public static PeopleAdminResult Fail(PeopleAdminError error) => new(error);
}

public sealed record AuditLine(string ActorName, AuditAction Action, string Detail, DateTime AtUtc);

/// <summary>
/// Role and lock changes made by admins. Each change and its audit entry commit together or not at all,
/// and there is always at least one admin left who can sign in.
/// </summary>
public sealed class PeopleAdministration(UserManager<PortalUser> users, PortalDbContext db, TimeProvider clock, Security.SignInSessions sessions, Security.AccessRevocation revocation)
{
    /// <summary>Far enough never to end on its own; only an unlock ends it.</summary>
    public static readonly DateTimeOffset LockedForever = PortalUser.AdminLockEnd;

    public Task<PeopleAdminResult> AddRoleAsync(string actorUserId, string targetUserId, string role) =>
        ChangeAsync(actorUserId, targetUserId, async (actor, target) =>
        {
            if (!IsKnownRole(role)) return Fail(PeopleAdminError.UnknownRole);
            if (await users.IsInRoleAsync(target, role)) return Fail(PeopleAdminError.AlreadyInRole);
            var result = await users.AddToRoleAsync(target, role);
            return Audited(result, actor, target, AuditAction.RoleAdded, role);
        });

    public Task<PeopleAdminResult> RemoveRoleAsync(string actorUserId, string targetUserId, string role) =>
        ChangeAsync(actorUserId, targetUserId, async (actor, target) =>
        {
            if (!IsKnownRole(role)) return Fail(PeopleAdminError.UnknownRole);
            if (!await users.IsInRoleAsync(target, role)) return Fail(PeopleAdminError.NotInRole);
            if (role == Roles.Admin)
            {
                if (actor.Id == target.Id) return Fail(PeopleAdminError.CannotRemoveOwnAdmin);
                if (!await AnotherActiveAdminAsync(target)) return Fail(PeopleAdminError.LastAdmin);
            }
            var result = await users.RemoveFromRoleAsync(target, role);
            return Audited(result, actor, target, AuditAction.RoleRemoved, role);
        });

    public Task<PeopleAdminResult> LockAsync(string actorUserId, string targetUserId) =>
        ChangeAsync(actorUserId, targetUserId, async (actor, target) =>
        {
            if (actor.Id == target.Id) return Fail(PeopleAdminError.CannotLockSelf);
            if (IsLocked(target)) return Fail(PeopleAdminError.AlreadyLocked);
            if (await users.IsInRoleAsync(target, Roles.Admin) && !await AnotherActiveAdminAsync(target))
                return Fail(PeopleAdminError.LastAdmin);
            if (!target.LockoutEnabled && !(await users.SetLockoutEnabledAsync(target, true)).Succeeded)
                return Fail(PeopleAdminError.Failed);
            var result = await users.SetLockoutEndDateAsync(target, LockedForever);
            // A new stamp ends the sessions the person already has.
            if (result.Succeeded) result = await users.UpdateSecurityStampAsync(target);
            // Browsers and app tokens stop on their next request, not within the stamp check's minute.
            if (result.Succeeded) await sessions.EndAllAsync(target.Id, Security.SessionEndReasons.Locked);
            return Audited(result, actor, target, AuditAction.Locked, "");
        });

    public Task<PeopleAdminResult> UnlockAsync(string actorUserId, string targetUserId) =>
        ChangeAsync(actorUserId, targetUserId, async (actor, target) =>
        {
            if (!IsLocked(target)) return Fail(PeopleAdminError.NotLocked);
            var result = await users.SetLockoutEndDateAsync(target, null);
            if (result.Succeeded) result = await users.ResetAccessFailedCountAsync(target);
            return Audited(result, actor, target, AuditAction.Unlocked, "");
        });

    /// <summary>What admins did to this person, newest first.</summary>
    public async Task<IReadOnlyList<AuditLine>> HistoryAsync(string targetUserId, int take = 100) =>
        await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetUserId == targetUserId)
            .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .Take(take)
            .Select(e => new AuditLine(e.ActorName, e.Action, e.Detail, e.AtUtc))
            .ToListAsync();

    public bool IsLocked(PortalUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow();

    public static bool IsKnownRole(string? role) => role is not null && Roles.All.Contains(role);

    private async Task<PeopleAdminResult> ChangeAsync(
        string actorUserId, string targetUserId, Func<PortalUser, PortalUser, Task<PeopleAdminResult>> change)
    {
        // Serializable starts SQLite's write lock at once (BEGIN IMMEDIATE): the "another admin remains"
        // check and the change cannot interleave with a second admin doing the opposite.
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
        var actor = await users.FindByIdAsync(actorUserId);
        if (actor is null || !await users.IsInRoleAsync(actor, Roles.Admin)) return Fail(PeopleAdminError.NotAllowed);
        var target = actorUserId == targetUserId ? actor : await users.FindByIdAsync(targetUserId);
        if (target is null) return Fail(PeopleAdminError.PersonNotFound);

        PeopleAdminResult outcome;
        try
        {
            outcome = await change(actor, target);
            if (outcome.Succeeded) await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            outcome = Fail(PeopleAdminError.Failed);
        }

        if (outcome.Succeeded)
        {
            await tx.CommitAsync();
            // Open chat connections of a person who lost a role or was locked close now, not at their next call.
            await revocation.NotifyAsync(target.Id);
        }
        else
        {
            await tx.RollbackAsync();
            // Nothing half-written stays tracked for a later SaveChanges in this scope.
            db.ChangeTracker.Clear();
        }
        return outcome;
    }

    private PeopleAdminResult Audited(IdentityResult result, PortalUser actor, PortalUser target, AuditAction action, string detail)
    {
        if (!result.Succeeded) return Fail(PeopleAdminError.Failed);
        db.AuditEntries.Add(new AuditEntry(actor.Id, actor.DisplayName, target.Id, action, detail, clock.GetUtcNow().UtcDateTime));
        return PeopleAdminResult.Ok;
    }

    /// <summary>Is there an admin other than <paramref name="target"/> who can still sign in?</summary>
    private async Task<bool> AnotherActiveAdminAsync(PortalUser target)
    {
        var now = clock.GetUtcNow();
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return admins.Any(a => a.Id != target.Id && !(a.LockoutEnd is { } end && end > now));
    }

    private static PeopleAdminResult Fail(PeopleAdminError error) => PeopleAdminResult.Fail(error);
}
