using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Customers;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.SpecialDates;

namespace Portal.Core.Tests.SpecialDates;

public class SpecialDatesProgramTests
{
    [Fact]
    public async Task A_birthday_in_Auckland_opens_its_window_while_Riyadh_is_still_on_the_day_before()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var auckland = await kit.CustomerAsync(new DateOnly(1990, 12, 10), "Pacific/Auckland");
        var riyadh = await kit.CustomerAsync(new DateOnly(1990, 12, 10));

        // 2 December 15:00 in Riyadh is already 3 December 01:00 in Auckland: seven days before the birthday there.
        kit.RiyadhTime(2026, 12, 2, 15);
        var (made, _) = await kit.UseAsync(p => p.RunDailyAsync());

        Assert.Equal(1, made);
        var reward = Assert.Single(await kit.RewardsAsync(auckland));
        Assert.Equal((SpecialDateKind.Birthday, new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 3)), (reward.Kind, reward.Date, reward.AvailableFrom));
        Assert.Empty(await kit.RewardsAsync(riyadh));
        Assert.Equal(8, (await kit.OverviewAsync(riyadh)).Upcoming.Single(u => u.Kind == SpecialDateKind.Birthday).DaysUntil);

        // On 9 December at 15:00 in Riyadh it is the birthday in Auckland and one more day in Riyadh.
        kit.RiyadhTime(2026, 12, 9, 15);
        Assert.Equal(0, (await kit.OverviewAsync(auckland)).Upcoming.Single(u => u.Kind == SpecialDateKind.Birthday).DaysUntil);
        Assert.Equal(1, (await kit.OverviewAsync(riyadh)).Upcoming.Single(u => u.Kind == SpecialDateKind.Birthday).DaysUntil);
    }

    [Fact]
    public async Task The_window_opens_at_local_midnight_seven_days_before_and_closes_after_the_thirtieth_day_after()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync(new DateOnly(1990, 1, 15));

        kit.RiyadhTime(2027, 1, 7, 23, 59);
        Assert.Equal(0, await kit.GrantAsync(id));
        kit.RiyadhTime(2027, 1, 8, 0, 0);
        Assert.Equal(1, await kit.GrantAsync(id));
        var reward = Assert.Single(await kit.RewardsAsync(id));
        Assert.Equal(new DateOnly(2027, 2, 14), reward.AvailableUntil);

        kit.RiyadhTime(2027, 2, 15, 0, 0);
        var late = await kit.ClaimAsync(id, reward.Id);
        Assert.Equal(SpecialDateError.Expired, late.Error);
        Assert.Equal(1, await kit.UseAsync(p => p.ExpireDueAsync()));
        var overview = await kit.OverviewAsync(id);
        Assert.Empty(overview.Available);
        Assert.Equal(SpecialDateRewardState.Expired, Assert.Single(overview.History).State);
        Assert.Empty(await kit.LedgerAsync(id));
    }

    [Fact]
    public async Task The_last_minute_of_the_thirtieth_day_after_still_claims()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync(new DateOnly(1990, 1, 15));
        kit.RiyadhTime(2027, 1, 20);
        await kit.GrantAsync(id);
        var reward = Assert.Single(await kit.RewardsAsync(id));

        kit.RiyadhTime(2027, 2, 14, 23, 59);
        var claim = await kit.ClaimAsync(id, reward.Id);

        Assert.True(claim.Succeeded);
        Assert.Equal(100, await kit.ActiveAsync(id));
    }

    [Fact]
    public async Task A_birthday_entered_less_than_30_days_before_earns_nothing_until_next_year()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync(joined: new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
        kit.RiyadhTime(2026, 11, 24);
        Assert.Empty(await kit.UseAsync(p => p.SetDatesAsync(id, new DateOnly(1990, 12, 23), null)));

        var birthday = (await kit.OverviewAsync(id)).Upcoming.Single(u => u.Kind == SpecialDateKind.Birthday);
        Assert.Equal(new DateOnly(2026, 12, 23), birthday.Next);
        Assert.Equal(new DateOnly(2027, 12, 23), birthday.EligibleFrom);
        kit.RiyadhTime(2026, 12, 23);
        Assert.Equal(0, await kit.GrantAsync(id));
        kit.RiyadhTime(2027, 12, 16);
        Assert.Equal(1, await kit.GrantAsync(id));
    }

    [Fact]
    public async Task A_birthday_entered_exactly_30_days_before_earns_this_year()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync();
        kit.RiyadhTime(2026, 11, 24);
        await kit.UseAsync(p => p.SetDatesAsync(id, new DateOnly(1990, 12, 24), null));

        Assert.Null((await kit.OverviewAsync(id)).Upcoming.Single(u => u.Kind == SpecialDateKind.Birthday).EligibleFrom);
        kit.RiyadhTime(2026, 12, 17);
        Assert.Equal(1, await kit.GrantAsync(id));
    }

    [Fact]
    public async Task A_birthday_changed_on_the_profile_page_counts_as_changed_when_noticed()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync(new DateOnly(1990, 3, 1));
        kit.RiyadhTime(2026, 11, 24);
        await kit.GrantAsync(id);
        await kit.Db.UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(id))!;
            user.BirthDate = new DateOnly(1990, 12, 1);
            return await users.UpdateAsync(user);
        });
        kit.RiyadhTime(2026, 11, 28);
        Assert.Equal(0, await kit.UseAsync(async p => (await p.RunDailyAsync()).Made));
        var overview = await kit.OverviewAsync(id);
        Assert.Equal(new DateOnly(2027, 12, 1), overview.Upcoming.Single(u => u.Kind == SpecialDateKind.Birthday).EligibleFrom);
        Assert.NotNull(overview.BirthdayChangeAllowedFromUtc);
    }

    [Fact]
    public async Task A_birthday_can_be_changed_once_a_year_and_a_refused_save_changes_neither_date()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync();
        Assert.Empty(await kit.UseAsync(p => p.SetDatesAsync(id, new DateOnly(1990, 5, 1), null)));
        Assert.Empty(await kit.UseAsync(p => p.SetDatesAsync(id, new DateOnly(1990, 5, 2), null)));

        var refused = await kit.UseAsync(p => p.SetDatesAsync(id, new DateOnly(1990, 5, 3), new DateOnly(2015, 4, 4)));

        var problem = Assert.Single(refused);
        Assert.Equal(DatesError.BirthdayChangeTooSoon, problem.Error);
        Assert.Equal(kit.Clock.Now.UtcDateTime.AddYears(1), problem.AllowedFromUtc);
        var overview = await kit.OverviewAsync(id);
        Assert.Equal(new DateOnly(1990, 5, 2), overview.Birthday);
        Assert.Null(overview.Wedding);

        kit.Clock.Advance(TimeSpan.FromDays(366));
        Assert.Empty(await kit.UseAsync(p => p.SetDatesAsync(id, new DateOnly(1990, 5, 3), new DateOnly(2015, 4, 4))));
        overview = await kit.OverviewAsync(id);
        Assert.Equal((new DateOnly(1990, 5, 3), new DateOnly(2015, 4, 4)), (overview.Birthday, overview.Wedding));
    }

    [Fact]
    public async Task A_wedding_date_in_the_future_is_refused()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync();
        var problems = await kit.UseAsync(p => p.SetDatesAsync(id, null, new DateOnly(2030, 1, 1)));
        Assert.Equal(DatesError.WeddingNotPlausible, Assert.Single(problems).Error);
    }

    [Fact]
    public async Task Twenty_parallel_claims_credit_the_points_once_and_each_caller_sees_it_claimed()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync(new DateOnly(1990, 11, 28));
        kit.RiyadhTime(2026, 11, 24);
        await kit.GrantAsync(id);
        var reward = Assert.Single(await kit.RewardsAsync(id));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => kit.ClaimAsync(id, reward.Id))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.ToString()));
        Assert.All(results, r => Assert.Equal(SpecialDateRewardState.Claimed, r.Reward!.State));
        Assert.Single(results, r => !r.Replayed);
        Assert.Equal([100L], (await kit.LedgerAsync(id)).Select(e => e.Points));
        Assert.Equal(100, await kit.ActiveAsync(id));
        Assert.Equal(SpecialDateRewardState.Claimed, Assert.Single(await kit.RewardsAsync(id)).State);
    }

    [Fact]
    public async Task The_job_and_page_views_racing_make_one_reward_and_one_event_per_customer_kind_and_year()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync(new DateOnly(1990, 11, 28), joined: new DateTime(2020, 11, 30, 9, 0, 0, DateTimeKind.Utc));
        kit.RiyadhTime(2026, 11, 24);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => i % 2 == 0 ? kit.GrantAsync(id) : kit.UseAsync(async p => (await p.RunDailyAsync()).Made))));

        var rewards = await kit.RewardsAsync(id);
        Assert.Equal([SpecialDateKind.Birthday, SpecialDateKind.Membership], rewards.Select(r => r.Kind).Order());
        var events = await kit.Db.OutboxAsync(nameof(SpecialDateRewardAvailable));
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task Rewards_follow_the_tier_and_an_offer_reward_waits_for_the_offers_module()
    {
        var options = new SpecialDateOptions { Rewards = [new() { Tier = Tier.Bronze, Kind = SpecialDateKind.Birthday, Offer = "BIRTHDAY" }] };
        await using var kit = await SpecialDatesKit.CreateAsync(options);
        var id = await kit.CustomerAsync(new DateOnly(1990, 11, 28));
        kit.RiyadhTime(2026, 11, 24);
        await kit.GrantAsync(id);
        var reward = Assert.Single(await kit.RewardsAsync(id));
        Assert.Equal((SpecialDateRewardType.Offer, "BIRTHDAY"), (reward.Type, reward.OfferKey));

        Assert.Equal(SpecialDateError.OfferUnavailable, (await kit.ClaimAsync(id, reward.Id)).Error);
    }

    [Fact]
    public async Task An_offer_reward_gives_a_code_for_the_offer_once_however_often_it_is_claimed()
    {
        var options = new SpecialDateOptions();
        await using var probe = await SpecialDatesKit.CreateAsync(options, withOffers: true);
        probe.RiyadhTime(2026, 11, 24);
        var offer = await probe.Db.UseAsync<Portal.Core.Offers.OfferAdmin, (Portal.Core.Offers.Offer?, Portal.Core.Offers.OfferEditError?)>(a => a.SaveAsync(new Portal.Core.Offers.Offer
        {
            TitleEn = "Birthday gift", TitleAr = "هدية عيد الميلاد", Kind = Portal.Core.Offers.OfferKind.AmountOff, Value = 25_00, PerCustomerLimit = 1,
            ValidFromUtc = probe.Db.UtcNow.AddDays(-1), ValidUntilUtc = probe.Db.UtcNow.AddDays(60),
        }));
        await probe.Db.UseAsync<Portal.Core.Offers.OfferAdmin, bool>(a => a.SetPublishedAsync(offer.Item1!.Id, true));
        options.Rewards =
            [new() { Tier = Tier.Bronze, Kind = SpecialDateKind.Birthday, Offer = offer.Item1!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }];
        var id = await probe.CustomerAsync(new DateOnly(1990, 11, 28));
        await probe.GrantAsync(id);
        var reward = Assert.Single(await probe.RewardsAsync(id));

        var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => probe.ClaimAsync(id, reward.Id)));

        Assert.All(claims, c => Assert.Null(c.Error));
        var code = Assert.Single(claims.Select(c => c.Reward!.OfferReference).Distinct());
        Assert.Matches("^[A-Z0-9]{10}$", code!);
        var codes = await probe.Db.UseAsync<PortalDbContext, List<string>>(db =>
            db.Set<Portal.Core.Offers.OfferActivation>().Where(a => a.CustomerId == id).Select(a => a.Code).ToListAsync());
        Assert.Equal([code!], codes);
    }

    [Fact]
    public async Task Another_customers_reward_cannot_be_claimed()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var owner = await kit.CustomerAsync(new DateOnly(1990, 11, 28));
        var other = await kit.CustomerAsync();
        kit.RiyadhTime(2026, 11, 24);
        await kit.GrantAsync(owner);
        var reward = Assert.Single(await kit.RewardsAsync(owner));

        Assert.Equal(SpecialDateError.NotFound, (await kit.ClaimAsync(other, reward.Id)).Error);
        Assert.Empty(await kit.LedgerAsync(other));
    }

    [Fact]
    public async Task A_first_birthday_given_on_the_profile_after_joining_counts_from_that_day_and_a_second_change_waits_a_year()
    {
        await using var kit = await SpecialDatesKit.CreateAsync();
        var id = await kit.CustomerAsync();
        kit.RiyadhTime(2026, 11, 24);

        // What the profile page does: ask first, save through Identity, then let special dates notice.
        Assert.Null(await kit.UseAsync(p => p.BirthdayChangeProblemAsync(id, new DateOnly(1990, 12, 1))));
        await SaveOnProfileAsync(kit, id, new DateOnly(1990, 12, 1));
        await kit.GrantAsync(id);

        Assert.Equal(new DateOnly(2027, 12, 1), (await kit.OverviewAsync(id)).Upcoming.Single(u => u.Kind == SpecialDateKind.Birthday).EligibleFrom);
        Assert.Null(await kit.UseAsync(p => p.BirthdayChangeProblemAsync(id, new DateOnly(1990, 12, 2))));
        await SaveOnProfileAsync(kit, id, new DateOnly(1990, 12, 2));
        await kit.GrantAsync(id);
        Assert.Equal(DatesError.BirthdayChangeTooSoon, (await kit.UseAsync(p => p.BirthdayChangeProblemAsync(id, new DateOnly(1990, 12, 3))))!.Error);
    }

    private static Task SaveOnProfileAsync(SpecialDatesKit kit, string id, DateOnly birthday) =>
        kit.Db.UseAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(id))!;
            user.BirthDate = birthday;
            return await users.UpdateAsync(user);
        });
}
