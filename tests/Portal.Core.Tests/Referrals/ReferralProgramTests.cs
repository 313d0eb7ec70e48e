using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Data;
using Portal.Core.Referrals;

namespace Portal.Core.Tests.Referrals;

public class ReferralProgramTests
{
    [Fact]
    public async Task A_customer_gets_the_same_code_every_time_even_when_asked_at_once()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();

        var codes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => kit.CodeAsync(sam))));

        Assert.Single(codes.Distinct());
        Assert.Equal(ReferralProgram.CodeLength, codes[0].Length);
        Assert.Equal(1, await kit.Db.CountAsync<ReferralCode>());
    }

    [Fact]
    public async Task A_friend_signs_up_pending_with_no_signals_and_only_once()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (other, _) = await kit.AddCustomerAsync("Omar Ali");
        var (friend, _) = await kit.AddCustomerAsync("Lina Saad");

        var (referral, error) = await kit.SignUpAsync(sam, friend);
        var again = await kit.SignUpAsync(other, friend);

        Assert.Null(error);
        Assert.Equal(ReferralState.Pending, referral!.State);
        Assert.Equal(ReferralSignal.None, referral.Signals);
        Assert.Equal(ReferralError.AlreadyReferred, again.Error);
    }

    [Fact]
    public async Task An_unknown_code_is_refused()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (friend, _) = await kit.AddCustomerAsync();
        var result = await kit.UseAsync(p => p.AttachAsync(friend, "ZZZZZZZZ", new SignupContext(null, null)));
        Assert.Equal(ReferralError.CodeNotFound, result.Error);
    }

    [Fact]
    public async Task Below_50_units_stays_pending_and_50_rewards_both_sides_once()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (friend, number) = await kit.AddCustomerAsync("Lina Saad");
        var (referral, _) = await kit.SignUpAsync(sam, friend);

        await kit.BuyAsync(number, 4_999);
        Assert.Equal(ReferralState.Pending, (await kit.ReferralAsync(referral!.Id)).State);

        var e = await kit.BuyAsync(number, 5_000);
        await kit.DeliverAsync(e);

        var done = await kit.ReferralAsync(referral.Id);
        Assert.Equal(ReferralState.Rewarded, done.State);
        Assert.Equal(e.PurchaseId, done.QualifyingPurchaseId);
        Assert.Equal([500L], (await kit.LedgerAsync(sam)).Select(x => x.Points));
        Assert.Equal([250L], (await kit.LedgerAsync(friend)).Select(x => x.Points));
        Assert.Equal(500, await kit.ActiveAsync(sam));
        Assert.Single(await kit.Db.OutboxAsync(nameof(ReferralQualified)));
        Assert.Single(await kit.Db.OutboxAsync(nameof(ReferralRewarded)));
    }

    [Fact]
    public async Task Twenty_deliveries_at_once_reward_each_side_once()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (friend, number) = await kit.AddCustomerAsync("Lina Saad");
        await kit.SignUpAsync(sam, friend);
        var e = await kit.BuyAsync(number, 10_000, deliver: false);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => kit.DeliverAsync(e))));

        Assert.Single(await kit.LedgerAsync(sam));
        Assert.Single(await kit.LedgerAsync(friend));
        Assert.Single(await kit.Db.OutboxAsync(nameof(ReferralRewarded)));
    }

    [Theory]
    [InlineData(30, ReferralState.Rewarded)]
    [InlineData(31, ReferralState.Pending)]
    public async Task A_purchase_on_day_30_qualifies_and_on_day_31_does_not(int day, ReferralState expected)
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (friend, number) = await kit.AddCustomerAsync("Lina Saad");
        var (referral, _) = await kit.SignUpAsync(sam, friend);

        kit.Clock.Advance(TimeSpan.FromDays(day));
        await kit.BuyAsync(number, 5_000);

        Assert.Equal(expected, (await kit.ReferralAsync(referral!.Id)).State);
    }

    [Theory]
    [InlineData(30, ReferralState.Pending)]
    [InlineData(31, ReferralState.Expired)]
    public async Task The_daily_step_expires_pending_referrals_after_30_days(int day, ReferralState expected)
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (friend, _) = await kit.AddCustomerAsync("Lina Saad");
        var (referral, _) = await kit.SignUpAsync(sam, friend);

        kit.Clock.Advance(TimeSpan.FromDays(day));
        await kit.UseAsync(p => p.ExpireDueAsync());

        Assert.Equal(expected, (await kit.ReferralAsync(referral!.Id)).State);
    }

    [Fact]
    public async Task The_tenth_sign_up_from_one_IP_in_7_days_goes_to_review_and_the_ninth_does_not()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var referrals = new List<Referral>();
        for (var i = 0; i < 10; i++)
        {
            var (friend, _) = await kit.AddCustomerAsync($"Friend{i} Test");
            referrals.Add((await kit.SignUpAsync(sam, friend, ip: "203.0.113.5")).Referral!);
        }

        Assert.Equal(ReferralSignal.None, referrals[8].Signals);
        Assert.Equal(ReferralSignal.SameIpBurst, referrals[9].Signals);
    }

    [Fact]
    public async Task Sign_ups_from_one_IP_older_than_7_days_do_not_count()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        for (var i = 0; i < 9; i++)
        {
            var (friend, _) = await kit.AddCustomerAsync($"Friend{i} Test");
            await kit.SignUpAsync(sam, friend, ip: "203.0.113.5");
        }
        kit.Clock.Advance(TimeSpan.FromDays(7));
        var (last, _) = await kit.AddCustomerAsync("Late Friend");

        Assert.Equal(ReferralSignal.None, (await kit.SignUpAsync(sam, last, ip: "203.0.113.5")).Referral!.Signals);
    }

    [Fact]
    public async Task A_flagged_referral_goes_to_review_on_its_purchase_and_is_not_rewarded()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync("Sam Adams", "sam.adams@gmail.com");
        var (friend, number) = await kit.AddCustomerAsync("Sam Again", "S.A.M.Adams+2@googlemail.com");
        var (referral, _) = await kit.SignUpAsync(sam, friend);
        Assert.True(referral!.Signals.HasFlag(ReferralSignal.SelfEmail));

        await kit.BuyAsync(number, 5_000);

        var after = await kit.ReferralAsync(referral.Id);
        Assert.Equal(ReferralState.UnderReview, after.State);
        Assert.NotNull(after.QualifyingPurchaseId);
        Assert.Empty(await kit.LedgerAsync(sam));
        Assert.Empty(await kit.LedgerAsync(friend));
    }

    [Fact]
    public async Task Same_phone_and_same_device_are_self_referral()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync("Sam Adams", phone: "+966 50 123 4567");
        await kit.CodeAsync(sam);
        await kit.UseAsync(async p => { await p.SeenOnDeviceAsync(sam, "device-1"); return 0; });
        var (friend, _) = await kit.AddCustomerAsync("Lina Saad", phone: "0501234567");

        var (referral, _) = await kit.SignUpAsync(sam, friend, device: "device-1");

        Assert.Equal(ReferralSignal.SelfPhone | ReferralSignal.SelfDevice | ReferralSignal.ExistingAccount, referral!.Signals);
    }

    [Fact]
    public async Task A_friend_whose_email_already_had_an_account_is_flagged()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        await kit.AddCustomerAsync("Lina Saad", "lina.saad@gmail.com");
        var (friend, _) = await kit.AddCustomerAsync("Lina Saad", "linasaad+new@gmail.com");

        var (referral, _) = await kit.SignUpAsync(sam, friend);

        Assert.Equal(ReferralSignal.ExistingAccount, referral!.Signals);
    }

    [Fact]
    public async Task A_referrer_over_the_monthly_cap_goes_to_review()
    {
        await using var kit = await ReferralKit.CreateAsync(new ReferralOptions { MonthlyCap = 2 });
        var (sam, _) = await kit.AddCustomerAsync();
        var states = new List<ReferralState>();
        for (var i = 0; i < 3; i++)
        {
            var (friend, number) = await kit.AddCustomerAsync($"Friend{i} Test");
            var (referral, _) = await kit.SignUpAsync(sam, friend, ip: $"10.0.0.{i}");
            await kit.BuyAsync(number, 5_000);
            var after = await kit.ReferralAsync(referral!.Id);
            states.Add(after.State);
            if (i == 2) Assert.Equal(ReferralSignal.OverMonthlyCap, after.Signals);
        }

        Assert.Equal([ReferralState.Rewarded, ReferralState.Rewarded, ReferralState.UnderReview], states);
        Assert.Equal(1_000, await kit.ActiveAsync(sam));
    }

    [Fact]
    public async Task Staff_approve_a_referral_under_review_and_it_is_rewarded_and_audited()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync("Sam Adams", "sam@example.com");
        var (friend, number) = await kit.AddCustomerAsync("Sam Again", "SAM+x@example.com");
        var (referral, _) = await kit.SignUpAsync(sam, friend);
        await kit.BuyAsync(number, 5_000);

        Assert.Null(await kit.UseAsync(p => p.ApproveAsync(referral!.Id, "staff-1", "Omar")));
        Assert.Equal(ReferralError.WrongState, await kit.UseAsync(p => p.ApproveAsync(referral!.Id, "staff-1", "Omar")));

        Assert.Equal(ReferralState.Rewarded, (await kit.ReferralAsync(referral!.Id)).State);
        Assert.Equal(500, await kit.ActiveAsync(sam));
        Assert.Equal(250, await kit.ActiveAsync(friend));
        Assert.Equal(1, await kit.Db.CountAsync<AuditEntry>(q => q.Where(a => a.Action == AuditAction.ReferralApproved)));
    }

    [Fact]
    public async Task Staff_reject_with_a_reason_only()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (friend, _) = await kit.AddCustomerAsync("Lina Saad");
        var (referral, _) = await kit.SignUpAsync(sam, friend);

        Assert.Equal(ReferralError.ReasonRequired, await kit.UseAsync(p => p.RejectAsync(referral!.Id, "  ", "staff-1", "Omar")));
        Assert.Null(await kit.UseAsync(p => p.RejectAsync(referral!.Id, "Same household, duplicate", "staff-1", "Omar")));

        var after = await kit.ReferralAsync(referral!.Id);
        Assert.Equal(ReferralState.Rejected, after.State);
        Assert.Equal("Same household, duplicate", after.Reason);
        Assert.Single(await kit.Db.OutboxAsync(nameof(ReferralRejected)));
        Assert.Equal(1, await kit.Db.CountAsync<AuditEntry>(q => q.Where(a => a.Action == AuditAction.ReferralRejected)));
    }

    [Fact]
    public async Task A_refund_of_the_qualifying_purchase_within_the_window_takes_both_rewards_back()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (friend, number) = await kit.AddCustomerAsync("Lina Saad");
        var (referral, _) = await kit.SignUpAsync(sam, friend);
        var e = await kit.BuyAsync(number, 6_000);

        kit.Clock.Advance(TimeSpan.FromDays(3));
        await kit.RefundAsync(e.OrderId);
        await kit.RefundAsync(e.OrderId); // a second delivery changes nothing

        Assert.Equal(ReferralState.Rejected, (await kit.ReferralAsync(referral!.Id)).State);
        Assert.Equal([500L, -500L], (await kit.LedgerAsync(sam)).Select(x => x.Points));
        Assert.Equal([250L, -250L], (await kit.LedgerAsync(friend)).Select(x => x.Points));
        Assert.Equal(0, await kit.ActiveAsync(sam));
    }

    [Fact]
    public async Task A_refund_after_the_window_keeps_the_rewards()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var (friend, number) = await kit.AddCustomerAsync("Lina Saad");
        var (referral, _) = await kit.SignUpAsync(sam, friend);
        var e = await kit.BuyAsync(number, 6_000);

        kit.Clock.Advance(TimeSpan.FromDays(15));
        await kit.RefundAsync(e.OrderId);

        Assert.Equal(ReferralState.Rewarded, (await kit.ReferralAsync(referral!.Id)).State);
        Assert.Equal(500, await kit.ActiveAsync(sam));
    }

    [Fact]
    public async Task History_is_masked_and_paged_and_stats_add_up()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        await kit.UseAsync(async p => await p.CountVisitAsync(await kit.CodeAsync(sam)));
        var (lina, number) = await kit.AddCustomerAsync("Lina Saad", "lina.saad@gmail.com");
        await kit.SignUpAsync(sam, lina);
        await kit.BuyAsync(number, 5_000);
        for (var i = 0; i < 3; i++)
        {
            var (friend, _) = await kit.AddCustomerAsync($"Friend{i} Test");
            await kit.SignUpAsync(sam, friend, ip: $"10.1.0.{i}");
        }

        var (stats, first, second) = await kit.Db.UseAsync(async sp =>
        {
            var q = sp.GetRequiredService<ReferralQueries>();
            return (await q.StatsAsync(sam), await q.HistoryAsync(sam, 1, 3), await q.HistoryAsync(sam, 2, 3));
        });

        Assert.Equal(new ReferralStats(1, 4, 1, 1, 500), stats);
        Assert.Equal(0.25, stats.Conversion);
        Assert.Equal(3, first.Items.Count);
        Assert.Equal(2, first.Pages);
        var linaRow = Assert.Single(second.Items);
        Assert.Equal("L*** S.", linaRow.MaskedName);
        Assert.Equal("l***@gmail.com", linaRow.MaskedEmail);
        Assert.Equal(ReferralState.Rewarded, linaRow.State);
        Assert.Equal(500, linaRow.PointsEarned);
    }
}

public class ReferralStaffQueriesTests
{
    [Fact]
    public async Task The_queue_filters_by_state_and_signal()
    {
        await using var kit = await ReferralKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        await kit.CodeAsync(sam);
        await kit.UseAsync(async p => { await p.SeenOnDeviceAsync(sam, "device-1"); return 0; });
        var (flagged, _) = await kit.AddCustomerAsync("Lina Saad");
        var (clean, _) = await kit.AddCustomerAsync("Omar Ali");
        var (a, _) = await kit.SignUpAsync(sam, flagged, device: "device-1");
        var (b, _) = await kit.SignUpAsync(sam, clean, device: "device-2");

        var (bySignal, byState, forOmar) = await kit.Db.UseAsync(async sp =>
        {
            var q = sp.GetRequiredService<ReferralStaffQueries>();
            return (await q.QueueAsync(null, ReferralSignal.SelfDevice), await q.QueueAsync(ReferralState.Pending, null), await q.QueueAsync(null, null, clean));
        });

        Assert.Equal([a!.Id], bySignal.Select(i => i.Referral.Id));
        Assert.Equal([b!.Id, a.Id], byState.Select(i => i.Referral.Id));
        Assert.Equal("Omar Ali", Assert.Single(forOmar).Friend.Name);
    }
}
