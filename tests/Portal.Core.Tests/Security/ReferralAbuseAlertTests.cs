using Portal.Core.Referrals;
using Portal.Core.Security;
using Portal.Core.Tests.Referrals;

namespace Portal.Core.Tests.Security;

public class ReferralAbuseAlertTests
{
    [Fact]
    public async Task A_friend_signing_up_on_the_referrer_s_device_alerts_the_referrer_and_a_different_device_does_not()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        await kit.CodeAsync(sam);
        await kit.UseAsync(async p => { await p.SeenOnDeviceAsync(sam, "device-1"); return 0; });
        var (friend, _) = await kit.AddCustomerAsync("Lina Saad");
        var (other, _) = await kit.AddCustomerAsync("Omar Aziz");

        var (clean, _) = await kit.SignUpAsync(sam, other, ip: "10.0.0.9", device: "device-2");
        Assert.Empty(await HoldKit.AlertsAfterDispatchAsync(kit.Db, sam));
        var (referral, _) = await kit.SignUpAsync(sam, friend, device: "device-1");

        Assert.Equal(ReferralSignal.None, clean!.Signals);
        var alert = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, sam));
        Assert.Equal((AlertKind.ReferralAbuse, HeldItem.ReferralReward, referral!.Id), (alert.Kind, alert.HeldItem!.Value, alert.HeldItemId!.Value));
        Assert.Empty(await HoldKit.AlertsAfterDispatchAsync(kit.Db, friend));
    }

    [Fact]
    public async Task A_friend_signing_up_from_an_address_the_referrer_signed_in_from_is_flagged_and_another_address_is_not()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        await kit.Db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(sam, SessionKind.Browser, "password", "198.51.100.7", "Mozilla/5.0 Chrome/131.0"));
        var (friend, _) = await kit.AddCustomerAsync("Lina Saad");
        var (other, _) = await kit.AddCustomerAsync("Omar Aziz");

        var (elsewhere, _) = await kit.SignUpAsync(sam, other, ip: "198.51.100.8");
        var (same, _) = await kit.SignUpAsync(sam, friend, ip: "198.51.100.7");

        Assert.Equal(ReferralSignal.None, elsewhere!.Signals);
        Assert.Equal(ReferralSignal.ReferrerIp, same!.Signals);
        Assert.Equal(same.Id, Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, sam)).HeldItemId);
    }

    [Fact]
    public async Task The_sign_up_that_reaches_the_per_address_threshold_alerts_and_the_one_before_does_not()
    {
        await using var kit = await ReferralKit.CreateAsync(new ReferralOptions { IpThreshold = 3, IpWindowDays = 1 });
        var (sam, _) = await kit.AddCustomerAsync();
        var friends = new List<string>();
        for (var i = 0; i < 3; i++) friends.Add((await kit.AddCustomerAsync($"Friend {i}")).Id);

        await kit.SignUpAsync(sam, friends[0], ip: "10.1.1.1");
        await kit.SignUpAsync(sam, friends[1], ip: "10.1.1.1");
        Assert.Empty(await HoldKit.AlertsAfterDispatchAsync(kit.Db, sam));
        var (third, _) = await kit.SignUpAsync(sam, friends[2], ip: "10.1.1.1");

        Assert.Equal(third!.Id, Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, sam)).HeldItemId);
    }

    [Fact]
    public async Task Staff_release_a_held_referral_reward_once_from_the_security_queue_or_cancel_it_so_it_is_never_paid()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        await kit.CodeAsync(sam);
        await kit.UseAsync(async p => { await p.SeenOnDeviceAsync(sam, "device-1"); return 0; });
        var (paid, paidNumber) = await kit.AddCustomerAsync("Lina Saad");
        var (refused, refusedNumber) = await kit.AddCustomerAsync("Omar Aziz");
        var (a, _) = await kit.SignUpAsync(sam, paid, device: "device-1");
        var (b, _) = await kit.SignUpAsync(sam, refused, device: "device-1");
        await kit.BuyAsync(paidNumber, 100_00);
        await kit.BuyAsync(refusedNumber, 100_00);
        Assert.Equal(ReferralState.UnderReview, (await kit.ReferralAsync(a!.Id)).State);
        var alerts = await HoldKit.AlertsAfterDispatchAsync(kit.Db, sam);
        var release = alerts.Single(x => x.HeldItemId == a.Id);
        var cancel = alerts.Single(x => x.HeldItemId == b!.Id);

        var released = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => HoldKit.DecideAsync(kit.Db, release.Id, HoldDecision.Release))));
        Assert.Single(released, r => r.Succeeded);
        Assert.True((await HoldKit.DecideAsync(kit.Db, cancel.Id, HoldDecision.Cancel)).Succeeded);
        Assert.Equal(AlertError.AlreadyResolved, (await HoldKit.DecideAsync(kit.Db, cancel.Id, HoldDecision.Release)).Error);

        Assert.Equal(ReferralState.Rewarded, (await kit.ReferralAsync(a.Id)).State);
        Assert.Equal(ReferralState.Rejected, (await kit.ReferralAsync(b!.Id)).State);
        Assert.Equal(kit.Options.ReferrerPoints, await kit.ActiveAsync(sam));
    }
}
