using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Security;
using Portal.Core.Tests.Infrastructure;
using Portal.Core.Tests.Loyalty;

namespace Portal.Core.Tests.Security;

public class FraudSignInRuleTests
{
    private static Task FailAsync(CoreDatabase db, string userId) => db.UseAsync(async sp =>
    {
        var e = new SignInFailed(userId, "203.0.113.9", "invalid_credentials", "Mozilla/5.0 (Windows NT 10.0) Chrome/130.0");
        sp.GetRequiredService<Outbox>().Raise(e);
        await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        await sp.GetRequiredService<FraudSignInRules>().HandleAsync(e, new EventContext(Guid.NewGuid(), db.UtcNow, 1), default);
        return 0;
    });

    private static Task<AlertPage> AlertsAsync(CoreDatabase db, string userId) =>
        db.UseAsync<SecurityAlerts, AlertPage>(a => a.PageAsync(userId, null, 50));

    [Fact]
    public async Task Four_failed_sign_ins_in_15_minutes_raise_nothing_the_fifth_raises_one_alert_and_the_sixth_no_second()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var user = await db.AddPersonAsync("Sam");
        for (var i = 0; i < 4; i++)
        {
            await FailAsync(db, user);
            db.Clock.Advance(TimeSpan.FromMinutes(3));
        }
        Assert.Empty((await AlertsAsync(db, user)).Items);

        await FailAsync(db, user);
        var alert = Assert.Single((await AlertsAsync(db, user)).Items);
        Assert.Equal((AlertKind.FailedSignIns, AlertState.Open, 5L, "203.0.113.9"), (alert.Kind, alert.State, alert.Count, alert.IpAddress));
        Assert.Single(await db.OutboxAsync(DomainEventTypes.NameOf(typeof(SecurityAlertRaised))));

        await FailAsync(db, user);
        Assert.Single((await AlertsAsync(db, user)).Items);
    }

    [Fact]
    public async Task Five_failures_count_only_when_the_first_is_less_than_15_minutes_old()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var late = await db.AddPersonAsync("Late");
        for (var i = 0; i < 4; i++) await FailAsync(db, late);
        db.Clock.Advance(TimeSpan.FromMinutes(15));
        await FailAsync(db, late);
        Assert.Empty((await AlertsAsync(db, late)).Items);

        var inTime = await db.AddPersonAsync("In time");
        for (var i = 0; i < 4; i++) await FailAsync(db, inTime);
        db.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await FailAsync(db, inTime);
        Assert.Single((await AlertsAsync(db, inTime)).Items);
    }

    [Fact]
    public async Task The_threshold_comes_from_the_options()
    {
        await using var db = await CoreDatabase.CreateAsync(configure: s =>
            s.AddSingleton(new FraudOptions { FailedSignInThreshold = 3, FailedSignInWindow = TimeSpan.FromMinutes(5) }));
        var user = await db.AddPersonAsync("Sam");
        await FailAsync(db, user);
        await FailAsync(db, user);
        Assert.Empty((await AlertsAsync(db, user)).Items);
        await FailAsync(db, user);
        Assert.Single((await AlertsAsync(db, user)).Items);
    }

    [Fact]
    public async Task A_sign_in_from_a_new_device_raises_an_alert_and_a_known_device_does_not()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var user = await db.AddPersonAsync("Sam");
        await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.Browser, "password", "198.51.100.1", "Mozilla/5.0 (Windows NT 10.0) Chrome/130.0"));
        await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.Browser, "password", "198.51.100.1", "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0"));
        await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.Browser, "password", "192.0.2.7", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/605.1"));
        foreach (var m in await db.OutboxAsync(DomainEventTypes.NameOf(typeof(SignInSucceeded))))
        {
            var e = (SignInSucceeded)new DomainEventTypes([]).Deserialize(m.Type, m.Payload);
            await db.UseAsync<FraudSignInRules, int>(async r => { await r.HandleAsync(e, new EventContext(m.EventId, m.OccurredAtUtc, 1), default); return 0; });
        }

        var alert = Assert.Single((await AlertsAsync(db, user)).Items);
        Assert.Equal((AlertKind.NewDevice, "192.0.2.7"), (alert.Kind, alert.IpAddress));
    }
}

public class SecurityAlertAnswerTests
{
    private static Task<SecurityAlert> RaiseAsync(LoyaltyKit kit, string userId, AlertKind kind = AlertKind.NewDevice) =>
        kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().RaiseAsync(SecurityAlert.For(userId, kind, kit.Now, "192.0.2.7")));

    private static Task<AlertResult> AnswerAsync(LoyaltyKit kit, string userId, long alertId, AlertAnswer answer) =>
        kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().RespondAsync(userId, alertId, answer));

    [Fact]
    public async Task This_was_me_closes_the_alert_and_the_security_status_counts_no_open_alert()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        var alert = await RaiseAsync(kit, id);
        Assert.Equal(1, await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().OpenCountAsync(id)));

        var answered = await AnswerAsync(kit, id, alert.Id, AlertAnswer.WasMe);
        Assert.Equal(AlertState.WasCustomer, answered.Alert!.State);
        Assert.True((await AnswerAsync(kit, id, alert.Id, AlertAnswer.WasMe)).Unchanged);
        Assert.Equal(AlertError.AlreadyAnswered, (await AnswerAsync(kit, id, alert.Id, AlertAnswer.WasNotMe)).Error);
        var status = await kit.UseAsync(async sp =>
            await sp.GetRequiredService<SecurityStatusCheck>().ForAsync((await sp.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(id))!));
        Assert.True(status.Items.Single(i => i.Check == SecurityCheck.NoOpenAlerts).Passed);
    }

    [Fact]
    public async Task Another_customers_alert_is_not_found_and_stays_open()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (owner, _) = await kit.AddCustomerAsync("Owner");
        var (other, _) = await kit.AddCustomerAsync("Other");
        var alert = await RaiseAsync(kit, owner);

        Assert.Equal(AlertError.NotFound, (await AnswerAsync(kit, other, alert.Id, AlertAnswer.WasNotMe)).Error);
        Assert.Equal(AlertState.Open, (await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().PageAsync(owner, null, 5))).Items[0].State);
    }

    [Fact]
    public async Task This_was_not_me_signs_out_everywhere_removes_the_password_and_holds_unused_codes_with_their_points_reserved()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            return await users.AddPasswordAsync((await users.FindByIdAsync(id))!, "a long enough passphrase");
        });
        var browser = await kit.UseAsync(sp => sp.GetRequiredService<SignInSessions>().StartAsync(id, SessionKind.Browser, "password", null, "Chrome/130.0"));
        var app = await kit.UseAsync(sp => sp.GetRequiredService<SignInSessions>().StartAsync(id, SessionKind.App, "password", null, "Dart/3.5"));
        await kit.AdjustAsync(id, 500);
        var reward = await kit.AddRewardAsync(200);
        var unused = (await kit.RedeemAsync(id, reward.Id, "one")).Value!;
        var used = (await kit.RedeemAsync(id, reward.Id, "two")).Value!;
        await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().UseCodeAsync(used.Code, "Counter"));
        var alert = await RaiseAsync(kit, id);

        var answered = await AnswerAsync(kit, id, alert.Id, AlertAnswer.WasNotMe);

        Assert.Equal(AlertState.NotCustomer, answered.Alert!.State);
        foreach (var session in new[] { browser, app })
            Assert.False(await kit.UseAsync(sp => sp.GetRequiredService<SignInSessions>().IsActiveAsync(id, session.Id, null)));
        Assert.False(await kit.UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            return await users.HasPasswordAsync((await users.FindByIdAsync(id))!);
        }));
        var redemptions = await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().RedemptionsAsync(id));
        Assert.Equal(RedemptionStatus.Held, redemptions.Single(r => r.Id == unused.Id).StatusAt(kit.Now, kit.Options));
        Assert.Equal(RedemptionStatus.Used, redemptions.Single(r => r.Id == used.Id).StatusAt(kit.Now, kit.Options));
        Assert.Equal(LoyaltyError.CodeHeld, (await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().UseCodeAsync(unused.Code, "Counter"))).Error);
        Assert.Equal(100, (await kit.SummaryAsync(id)).Active);
    }
}
