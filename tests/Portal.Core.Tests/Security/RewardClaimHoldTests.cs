using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Core.SpecialDates;
using Portal.Core.Tests.SpecialDates;

namespace Portal.Core.Tests.Security;

public class RewardClaimHoldTests
{
    /// <summary>Two customers with a birthday reward open to claim, both of whom changed their password just now.</summary>
    private static async Task<(SpecialDatesKit Kit, string A, long RewardA, string B, long RewardB)> TwoAfterPasswordChangeAsync()
    {
        var kit = await SpecialDatesKit.CreateAsync();
        var a = await kit.CustomerAsync(new DateOnly(1990, 11, 28));
        var b = await kit.CustomerAsync(new DateOnly(1990, 11, 28));
        kit.RiyadhTime(2026, 11, 24);
        await kit.GrantAsync(a);
        await kit.GrantAsync(b);
        await HoldKit.RecordAsync(kit.Db, new PasswordChanged(a));
        await HoldKit.RecordAsync(kit.Db, new PasswordChanged(b));
        return (kit, a, Assert.Single(await kit.RewardsAsync(a)).Id, b, Assert.Single(await kit.RewardsAsync(b)).Id);
    }

    [Fact]
    public async Task A_claim_a_second_inside_24_hours_of_a_password_change_is_held_with_nothing_added_and_at_24_hours_it_completes()
    {
        var (kit, a, rewardA, b, rewardB) = await TwoAfterPasswordChangeAsync();
        await using var _ = kit;

        kit.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var held = await kit.ClaimAsync(a, rewardA);
        Assert.True(held.Held);
        Assert.Equal(0, await kit.ActiveAsync(a));
        Assert.Empty(await kit.LedgerAsync(a));
        var again = await kit.ClaimAsync(a, rewardA);
        Assert.True(again is { Held: true, Replayed: true });
        Assert.Equal(SpecialDateRewardState.Held, Assert.Single((await kit.OverviewAsync(a)).Available).State);

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var claimed = await kit.ClaimAsync(b, rewardB);
        Assert.Equal(SpecialDateRewardState.Claimed, claimed.Reward!.State);
        Assert.Equal(100, await kit.ActiveAsync(b));

        var alert = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, a));
        Assert.Equal((AlertKind.RewardClaimHeld, HeldItem.RewardClaim, rewardA), (alert.Kind, alert.HeldItem!.Value, alert.HeldItemId!.Value));
        Assert.Empty(await HoldKit.AlertsAfterDispatchAsync(kit.Db, b));
    }

    [Fact]
    public async Task Staff_release_a_held_claim_once_adding_the_points_or_cancel_it_once_so_it_can_be_claimed_again()
    {
        var (kit, a, rewardA, b, rewardB) = await TwoAfterPasswordChangeAsync();
        await using var _ = kit;
        await kit.ClaimAsync(a, rewardA);
        await kit.ClaimAsync(b, rewardB);
        var release = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, a));
        var cancel = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, b));

        Assert.Equal(AlertError.ReasonRequired, (await HoldKit.DecideAsync(kit.Db, release.Id, HoldDecision.Release, "")).Error);
        var released = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => HoldKit.DecideAsync(kit.Db, release.Id, HoldDecision.Release))));
        Assert.Single(released, r => r.Succeeded);
        Assert.All(released.Where(r => !r.Succeeded), r => Assert.Equal(AlertError.AlreadyResolved, r.Error));
        Assert.Equal([100L], (await kit.LedgerAsync(a)).Select(e => e.Points));
        Assert.Equal(SpecialDateRewardState.Claimed, Assert.Single(await kit.RewardsAsync(a)).State);

        Assert.True((await HoldKit.DecideAsync(kit.Db, cancel.Id, HoldDecision.Cancel)).Succeeded);
        Assert.Equal(AlertError.AlreadyResolved, (await HoldKit.DecideAsync(kit.Db, cancel.Id, HoldDecision.Cancel)).Error);
        Assert.Equal(AlertError.AlreadyResolved, (await HoldKit.DecideAsync(kit.Db, cancel.Id, HoldDecision.Release)).Error);
        Assert.Equal(SpecialDateRewardState.Available, Assert.Single(await kit.RewardsAsync(b)).State);
        Assert.Empty(await kit.LedgerAsync(b));

        kit.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(SpecialDateRewardState.Claimed, (await kit.ClaimAsync(b, rewardB)).Reward!.State);
        Assert.Equal(100, await kit.ActiveAsync(b));
    }

    [Fact]
    public async Task A_held_claim_released_after_its_window_closed_still_completes_and_one_cancelled_then_expires()
    {
        var (kit, a, rewardA, b, rewardB) = await TwoAfterPasswordChangeAsync();
        await using var _ = kit;
        await kit.ClaimAsync(a, rewardA);
        await kit.ClaimAsync(b, rewardB);
        var release = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, a));
        var cancel = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, b));
        kit.Clock.Advance(TimeSpan.FromDays(60));
        await kit.UseAsync(p => p.ExpireDueAsync());

        Assert.True((await HoldKit.DecideAsync(kit.Db, release.Id, HoldDecision.Release)).Succeeded);
        Assert.True((await HoldKit.DecideAsync(kit.Db, cancel.Id, HoldDecision.Cancel)).Succeeded);

        Assert.Equal(100, await kit.ActiveAsync(a));
        Assert.Equal(SpecialDateRewardState.Expired, Assert.Single(await kit.RewardsAsync(b)).State);
    }
}
