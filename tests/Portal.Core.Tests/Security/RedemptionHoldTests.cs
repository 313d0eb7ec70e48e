using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Security;
using Portal.Core.Tests.Loyalty;

namespace Portal.Core.Tests.Security;

public class RedemptionHoldTests
{
    private static Task RecordAsync(LoyaltyKit kit, IDomainEvent e) => kit.UseAsync(async sp =>
    {
        sp.GetRequiredService<Outbox>().Raise(e);
        return await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
    });

    /// <summary>Runs the held-redemption handler over the stored events, as the dispatcher would.</summary>
    private static async Task<List<SecurityAlert>> AlertsAfterDispatchAsync(LoyaltyKit kit, string customerId)
    {
        var messages = await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == DomainEventTypes.NameOf(typeof(RedemptionHeld))).ToListAsync());
        foreach (var m in messages)
            await kit.UseAsync(async sp =>
            {
                var e = (RedemptionHeld)sp.GetRequiredService<DomainEventTypes>().Deserialize(m.Type, m.Payload);
                await sp.GetRequiredService<FraudRedemptionRules>().HandleAsync(e, new EventContext(m.EventId, m.OccurredAtUtc, 1), default);
                return 0;
            });
        return (await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().PageAsync(customerId, null, 50))).Items.ToList();
    }

    [Fact]
    public async Task A_redemption_within_24_hours_of_a_password_change_is_held_with_its_points_reserved_and_not_after()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, 1000);
        var reward = await kit.AddRewardAsync(300);
        await RecordAsync(kit, new PasswordChanged(id));

        kit.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var held = (await kit.RedeemAsync(id, reward.Id, "held")).Value!;
        Assert.Equal(RedemptionStatus.Held, held.StatusAt(kit.Now, kit.Options));
        Assert.Equal(700, (await kit.SummaryAsync(id)).Active);
        Assert.Equal(LoyaltyError.CodeHeld, (await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().UseCodeAsync(held.Code, "Counter"))).Error);
        var alert = Assert.Single(await AlertsAfterDispatchAsync(kit, id));
        Assert.Equal((AlertKind.RedemptionHeld, held.Id), (alert.Kind, alert.RedemptionId));

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var free = (await kit.RedeemAsync(id, reward.Id, "free")).Value!;
        Assert.Equal(RedemptionStatus.Issued, free.StatusAt(kit.Now, kit.Options));
    }

    [Theory]
    [InlineData(nameof(EmailChangeRequested))]
    [InlineData(nameof(PhoneNumberChanged))]
    public async Task An_email_or_phone_change_holds_the_next_redemption(string change)
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, 1000);
        var reward = await kit.AddRewardAsync(300);
        await RecordAsync(kit, change == nameof(EmailChangeRequested) ? new EmailChangeRequested(id) : new PhoneNumberChanged(id));

        Assert.NotNull((await kit.RedeemAsync(id, reward.Id)).Value!.HeldAtUtc);
    }

    [Fact]
    public async Task A_new_device_sign_in_holds_redemptions_until_the_customer_says_it_was_them()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, 1000);
        var reward = await kit.AddRewardAsync(100);
        var alert = await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().RaiseAsync(SecurityAlert.For(id, AlertKind.NewDevice, kit.Now)));

        Assert.NotNull((await kit.RedeemAsync(id, reward.Id, "a")).Value!.HeldAtUtc);
        await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().RespondAsync(id, alert.Id, AlertAnswer.WasMe));
        Assert.Null((await kit.RedeemAsync(id, reward.Id, "b")).Value!.HeldAtUtc);
    }

    [Fact]
    public async Task Redemption_velocity_holds_the_one_over_the_daily_count_and_the_one_over_the_daily_points()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var options = kit.UseAsync(sp => Task.FromResult(sp.GetRequiredService<FraudOptions>()));
        (await options).MaxRedemptionsPerDay = 3;
        (await options).MaxRedeemedPointsPerDay = 1000;
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, 5000);
        var cheap = await kit.AddRewardAsync(100);
        for (var i = 0; i < 3; i++) Assert.Null((await kit.RedeemAsync(id, cheap.Id, $"c{i}")).Value!.HeldAtUtc);
        var fourth = (await kit.RedeemAsync(id, cheap.Id, "c3")).Value!;
        Assert.NotNull(fourth.HeldAtUtc);
        Assert.Equal(AlertKind.RedemptionVelocity, Assert.Single(await AlertsAfterDispatchAsync(kit, id)).Kind);

        var (other, _) = await kit.AddCustomerAsync("Other");
        await kit.AdjustAsync(other, 5000);
        var dear = await kit.AddRewardAsync(500);
        Assert.Null((await kit.RedeemAsync(other, dear.Id, "d1")).Value!.HeldAtUtc);
        Assert.Null((await kit.RedeemAsync(other, dear.Id, "d2")).Value!.HeldAtUtc);
        Assert.NotNull((await kit.RedeemAsync(other, cheap.Id, "d3")).Value!.HeldAtUtc);
        kit.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Null((await kit.RedeemAsync(other, cheap.Id, "d4")).Value!.HeldAtUtc);
    }

    [Fact]
    public async Task Staff_release_a_held_code_or_cancel_it_and_return_the_points_once_with_a_reason_in_the_audit_log()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, 1000);
        var reward = await kit.AddRewardAsync(300, stock: 5);
        await RecordAsync(kit, new PasswordChanged(id));
        var first = (await kit.RedeemAsync(id, reward.Id, "one")).Value!;
        var second = (await kit.RedeemAsync(id, reward.Id, "two")).Value!;
        var alerts = await AlertsAfterDispatchAsync(kit, id);
        var releaseAlert = alerts.Single(a => a.RedemptionId == first.Id);
        var cancelAlert = alerts.Single(a => a.RedemptionId == second.Id);
        Task<AlertResult> Decide(long alertId, HoldDecision d, string reason) =>
            kit.UseAsync(sp => sp.GetRequiredService<HeldRedemptions>().DecideAsync(alertId, d, reason, "staff-1", "Nadia"));

        Assert.Equal(AlertError.ReasonRequired, (await Decide(releaseAlert.Id, HoldDecision.Release, " ")).Error);
        Assert.True((await Decide(releaseAlert.Id, HoldDecision.Release, "Called the customer")).Succeeded);
        Assert.True((await Decide(cancelAlert.Id, HoldDecision.Cancel, "Not the customer")).Succeeded);
        Assert.Equal(AlertError.AlreadyResolved, (await Decide(cancelAlert.Id, HoldDecision.Cancel, "Again")).Error);

        var redemptions = await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().RedemptionsAsync(id));
        Assert.Equal(RedemptionStatus.Issued, redemptions.Single(r => r.Id == first.Id).StatusAt(kit.Now, kit.Options));
        Assert.Equal(RedemptionStatus.Cancelled, redemptions.Single(r => r.Id == second.Id).StatusAt(kit.Now, kit.Options));
        Assert.Equal(700, (await kit.SummaryAsync(id)).Active);
        Assert.True((await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().UseCodeAsync(first.Code, "Counter"))).Succeeded);
        Assert.Equal(4, (await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().FindAsync(reward.Id)))!.Stock);
        var audit = await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.TargetUserId == id).Select(e => e.Action).ToListAsync());
        Assert.Equal([AuditAction.RedemptionReleased, AuditAction.RedemptionCancelled], audit.Order());
    }

    [Fact]
    public async Task Staff_confirm_or_dismiss_an_alert_with_a_reason()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        var alert = await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().RaiseAsync(SecurityAlert.For(id, AlertKind.FailedSignIns, kit.Now)));
        var queue = kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().QueueAsync());
        Assert.Contains(await queue, a => a.Id == alert.Id);

        var done = await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().ResolveAsync(alert.Id, StaffDecision.Dismiss, "Customer travelling", "staff-1", "Nadia"));

        Assert.Equal((AlertState.Dismissed, "Nadia"), (done.Alert!.State, done.Alert.ResolvedByName));
        Assert.DoesNotContain(await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().QueueAsync()), a => a.Id == alert.Id);
        Assert.Equal(AlertError.AlreadyResolved,
            (await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().ResolveAsync(alert.Id, StaffDecision.Confirm, "x", "staff-1", "Nadia"))).Error);
    }
}
