using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Customers;

namespace Portal.Core.Tests.Administration;

public class PeopleAdministrationTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    private string _admin = "";
    private string _otherAdmin = "";
    private string _customer = "";

    public async Task InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        _admin = await _db.AddPersonAsync("Adam Admin", "admin@example.test", roles: [Roles.Admin]);
        _otherAdmin = await _db.AddPersonAsync("Olga Admin", "olga@example.test", roles: [Roles.Admin]);
        _customer = await _db.AddPersonAsync("Sam Carter", "sam@example.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Adding_a_role_is_audited_with_who_what_and_when()
    {
        var result = await _db.AdministerAsync(p => p.AddRoleAsync(_admin, _customer, Roles.Agent));

        Assert.True(result.Succeeded);
        Assert.Contains(Roles.Agent, await _db.RolesOfAsync(_customer));
        var entry = Assert.Single(await _db.AuditAsync());
        Assert.Equal(_admin, entry.ActorUserId);
        Assert.Equal("Adam Admin", entry.ActorName);
        Assert.Equal(_customer, entry.TargetUserId);
        Assert.Equal(AuditAction.RoleAdded, entry.Action);
        Assert.Equal(Roles.Agent, entry.Detail);
        Assert.Equal(_db.Clock.Now.UtcDateTime, entry.AtUtc);
    }

    [Fact]
    public async Task Removing_a_role_is_audited()
    {
        await _db.AdministerAsync(p => p.AddRoleAsync(_admin, _customer, Roles.Staff));

        var result = await _db.AdministerAsync(p => p.RemoveRoleAsync(_admin, _customer, Roles.Staff));

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(Roles.Staff, await _db.RolesOfAsync(_customer));
        Assert.Equal([AuditAction.RoleAdded, AuditAction.RoleRemoved], (await _db.AuditAsync()).Select(e => e.Action));
    }

    [Theory]
    [InlineData("Superuser")]
    [InlineData("admin")]
    [InlineData("")]
    public async Task Unknown_roles_are_refused_and_nothing_changes(string role)
    {
        var result = await _db.AdministerAsync(p => p.AddRoleAsync(_admin, _customer, role));

        Assert.Equal(PeopleAdminError.UnknownRole, result.Error);
        Assert.Equal([Roles.Customer], await _db.RolesOfAsync(_customer));
        Assert.Empty(await _db.AuditAsync());
    }

    [Fact]
    public async Task Adding_a_role_the_person_has_is_refused()
    {
        var result = await _db.AdministerAsync(p => p.AddRoleAsync(_admin, _customer, Roles.Customer));

        Assert.Equal(PeopleAdminError.AlreadyInRole, result.Error);
        Assert.Empty(await _db.AuditAsync());
    }

    [Fact]
    public async Task An_admin_cannot_remove_their_own_admin_role()
    {
        var result = await _db.AdministerAsync(p => p.RemoveRoleAsync(_admin, _admin, Roles.Admin));

        Assert.Equal(PeopleAdminError.CannotRemoveOwnAdmin, result.Error);
        Assert.Contains(Roles.Admin, await _db.RolesOfAsync(_admin));
        Assert.Empty(await _db.AuditAsync());
    }

    [Fact]
    public async Task An_admin_cannot_lock_themselves()
    {
        var result = await _db.AdministerAsync(p => p.LockAsync(_admin, _admin));

        Assert.Equal(PeopleAdminError.CannotLockSelf, result.Error);
        Assert.Null((await _db.PersonAsync(_admin)).LockoutEnd);
        Assert.Empty(await _db.AuditAsync());
    }

    [Fact]
    public async Task The_last_admin_who_can_sign_in_keeps_the_admin_role()
    {
        // Olga locks Adam; Adam's old session tries to take Olga's admin role away.
        Assert.True((await _db.AdministerAsync(p => p.LockAsync(_otherAdmin, _admin))).Succeeded);

        var demote = await _db.AdministerAsync(p => p.RemoveRoleAsync(_admin, _otherAdmin, Roles.Admin));
        var lockOut = await _db.AdministerAsync(p => p.LockAsync(_admin, _otherAdmin));

        Assert.Equal(PeopleAdminError.LastAdmin, demote.Error);
        Assert.Equal(PeopleAdminError.LastAdmin, lockOut.Error);
        Assert.Contains(Roles.Admin, await _db.RolesOfAsync(_otherAdmin));
        Assert.Null((await _db.PersonAsync(_otherAdmin)).LockoutEnd);
        Assert.Single(await _db.AuditAsync());
    }

    [Fact]
    public async Task One_admin_can_remove_another_admin_while_an_admin_remains()
    {
        var result = await _db.AdministerAsync(p => p.RemoveRoleAsync(_admin, _otherAdmin, Roles.Admin));

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(Roles.Admin, await _db.RolesOfAsync(_otherAdmin));
    }

    [Fact]
    public async Task Only_admins_may_make_changes()
    {
        var staff = await _db.AddPersonAsync("Sara Staff", "sara@example.test", roles: [Roles.Staff]);

        var result = await _db.AdministerAsync(p => p.AddRoleAsync(staff, _customer, Roles.Admin));
        var unknownActor = await _db.AdministerAsync(p => p.LockAsync("no-such-person", _customer));

        Assert.Equal(PeopleAdminError.NotAllowed, result.Error);
        Assert.Equal(PeopleAdminError.NotAllowed, unknownActor.Error);
        Assert.Equal([Roles.Customer], await _db.RolesOfAsync(_customer));
        Assert.Empty(await _db.AuditAsync());
    }

    [Fact]
    public async Task Changing_someone_who_does_not_exist_is_refused()
    {
        var result = await _db.AdministerAsync(p => p.AddRoleAsync(_admin, "no-such-person", Roles.Agent));

        Assert.Equal(PeopleAdminError.PersonNotFound, result.Error);
    }

    [Fact]
    public async Task Locking_shuts_the_person_out_for_good_and_ends_their_sessions()
    {
        var before = await _db.PersonAsync(_customer);

        var result = await _db.AdministerAsync(p => p.LockAsync(_admin, _customer));

        Assert.True(result.Succeeded);
        var after = await _db.PersonAsync(_customer);
        Assert.True(after.IsLockedByAdmin);
        Assert.True(after.LockoutEnd > DateTimeOffset.UtcNow.AddYears(5000));
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        Assert.True(await _db.UseAsync(sp => sp.GetRequiredService<UserManager<PortalUser>>().IsLockedOutAsync(after)));
        Assert.Equal(AuditAction.Locked, Assert.Single(await _db.AuditAsync()).Action);
    }

    [Fact]
    public async Task Locking_twice_is_refused_the_second_time()
    {
        await _db.AdministerAsync(p => p.LockAsync(_admin, _customer));

        var again = await _db.AdministerAsync(p => p.LockAsync(_admin, _customer));

        Assert.Equal(PeopleAdminError.AlreadyLocked, again.Error);
        Assert.Single(await _db.AuditAsync());
    }

    [Fact]
    public async Task Unlocking_clears_the_lock_and_the_failed_attempts()
    {
        await _db.UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var person = (await users.FindByIdAsync(_customer))!;
            await users.AccessFailedAsync(person);
            return await users.AccessFailedAsync(person);
        });
        await _db.AdministerAsync(p => p.LockAsync(_admin, _customer));

        var result = await _db.AdministerAsync(p => p.UnlockAsync(_admin, _customer));

        Assert.True(result.Succeeded);
        var after = await _db.PersonAsync(_customer);
        Assert.Null(after.LockoutEnd);
        Assert.Equal(0, after.AccessFailedCount);
        Assert.Equal([AuditAction.Locked, AuditAction.Unlocked], (await _db.AuditAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task Unlocking_someone_who_is_not_locked_is_refused()
    {
        var result = await _db.AdministerAsync(p => p.UnlockAsync(_admin, _customer));

        Assert.Equal(PeopleAdminError.NotLocked, result.Error);
        Assert.Empty(await _db.AuditAsync());
    }

    [Fact]
    public async Task History_lists_changes_to_one_person_newest_first()
    {
        await _db.AdministerAsync(p => p.AddRoleAsync(_admin, _customer, Roles.Agent));
        _db.Clock.Now = _db.Clock.Now.AddMinutes(5);
        await _db.AdministerAsync(p => p.LockAsync(_otherAdmin, _customer));
        await _db.AdministerAsync(p => p.AddRoleAsync(_admin, _otherAdmin, Roles.Staff));

        var history = await _db.UseAsync(sp => sp.GetRequiredService<PeopleAdministration>().HistoryAsync(_customer));

        Assert.Equal([AuditAction.Locked, AuditAction.RoleAdded], history.Select(h => h.Action));
        Assert.Equal(["Olga Admin", "Adam Admin"], history.Select(h => h.ActorName));
    }

    [Fact]
    public async Task When_the_change_cannot_be_saved_no_audit_entry_is_written()
    {
        // Someone else saved the person in between: Identity's concurrency stamp refuses the stale copy.
        var result = await _db.UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var stale = (await users.FindByIdAsync(_customer))!;
            await _db.UseAsync(async other =>
            {
                var u = other.GetRequiredService<UserManager<PortalUser>>();
                var fresh = (await u.FindByIdAsync(_customer))!;
                fresh.DisplayName = "Samuel Carter";
                return await u.UpdateAsync(fresh);
            });
            return await sp.GetRequiredService<PeopleAdministration>().LockAsync(_admin, _customer);
        });

        Assert.Equal(PeopleAdminError.Failed, result.Error);
        Assert.Null((await _db.PersonAsync(_customer)).LockoutEnd);
        Assert.Empty(await _db.AuditAsync());
    }
}
