using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Notifications;
using Portal.Core.Referrals;
using Portal.Core.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

/// <summary>
/// Each section's events, as raised into the outbox, become the customer's notification: the right topic, written in
/// the customer's own language with the event's figures, leading to the right page.
/// </summary>
public class EventNotificationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private sealed record Told(NotificationTopic Topic, string Language, string Title, string Body, string? Link);

    private static readonly DateTime Expiry = new(2027, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    private static IDomainEvent[] Events(string id, long points) =>
    [
        new PointsEarned(id, 1, points),
        new PointsExpiringSoon(id, points, Expiry),
        new TierChanged(id, "Silver", "Gold"),
        new TierChanged(id, "Gold", "Silver"),
        new RewardRedeemed(id, 1, 7),
        new ReferralQualified(id, 1, UnderReview: true),
        new ReferralRewarded(id, 1, 2),
        new ReferralRejected(id, 2),
        new PasswordChanged(id),
        new TwoFactorChanged(id, Enabled: true),
        new TwoFactorChanged(id, Enabled: false),
        new PhoneNumberChanged(id),
        new EmailChangeRequested(id),
    ];

    private async Task<List<Told>> RaiseAndCollectAsync(PortalUser customer, long points)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            foreach (var e in Events(customer.Id, points)) outbox.Raise(e);
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        }
        await factory.DeliverAsync();
        return await factory.WithServiceAsync<List<Told>, PortalDbContext>(db => db.Set<Notification>().AsNoTracking()
            .Where(n => n.CustomerId == customer.Id).OrderBy(n => n.Id)
            .Select(n => new Told(n.Topic, n.Language, n.Title, n.Body, n.Link)).ToListAsync());
    }

    [Fact]
    public async Task Loyalty_referral_and_security_events_reach_an_english_customer_with_their_figures()
    {
        var customer = await factory.NotifiableCustomerAsync();

        var told = await RaiseAndCollectAsync(customer, 1250);

        const string NotYou = "If this was not you, reset your password now and contact support.";
        Told[] expected =
        [
            new(NotificationTopic.PointsRewards, "en", "You earned 1,250 points", "They are in your points history.", "/loyalty"),
            new(NotificationTopic.PointsRewards, "en", "1,250 points expire on 15 Jan 2027", "Redeem them for a reward before then.", "/loyalty"),
            new(NotificationTopic.PointsRewards, "en", "Welcome to Gold", "You reached a new tier. See what it gives you.", "/loyalty"),
            new(NotificationTopic.PointsRewards, "en", "Your tier is now Silver", "Earn points to move up again.", "/loyalty"),
            new(NotificationTopic.PointsRewards, "en", "Reward redeemed", "You spent 7 points. Show your card to use the reward.", "/loyalty"),
            new(NotificationTopic.PointsRewards, "en", "A friend made their first purchase", "We are checking the referral before your reward.", "/referrals"),
            new(NotificationTopic.PointsRewards, "en", "You earned 2 points for inviting a friend", "Thank you for sharing CustomerPortal.", "/referrals"),
            new(NotificationTopic.PointsRewards, "en", "A referral was not rewarded", "See your referrals for the details.", "/referrals"),
            new(NotificationTopic.Security, "en", "Your password was changed", NotYou, "/security"),
            new(NotificationTopic.Security, "en", "Two-step sign-in is on", "Your account now asks for a code when you sign in.", "/security"),
            new(NotificationTopic.Security, "en", "Two-step sign-in is off", NotYou, "/security"),
            new(NotificationTopic.Security, "en", "Your phone number was changed",
                "Text messages wait until the new number is verified. If this was not you, reset your password now and contact support.", "/security"),
            new(NotificationTopic.Security, "en", "Your email is being changed",
                "It changes when the link sent to the new address is opened. If this was not you, change your password now.", "/security"),
        ];
        Assert.Equal(expected, told);
    }

    [Fact]
    public async Task An_arabic_customer_is_told_in_arabic_whoever_caused_the_event()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);

        var told = await RaiseAndCollectAsync(customer, 250);

        Assert.All(told, t => Assert.Equal("ar", t.Language));
        var titles = told.Select(t => t.Title).ToList();
        Assert.Equal("ربحت 250 نقطة", titles[0]);
        Assert.StartsWith("تنتهي صلاحية 250 نقطة في ", titles[1]);
        Assert.EndsWith("2027", titles[1]);
        Assert.Equal(["مرحبًا بك في المستوى الذهبي", "أصبحت الآن في المستوى الفضي", "تم استبدال المكافأة"], titles[2..5]);
        Assert.Equal("استخدمت 7 نقاط. أظهر بطاقتك للاستفادة من المكافأة.", told[4].Body);
        Assert.Equal(["تم تغيير كلمة المرور", "التحقق بخطوتين مفعّل", "التحقق بخطوتين متوقف", "تم تغيير رقم جوالك", "يجري تغيير بريدك الإلكتروني"], titles[8..]);
    }

    [Fact]
    public async Task Security_events_reach_every_channel_the_customer_can_get_even_when_other_topics_are_off()
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
            p.SetAsync(customer.Id, NotificationTopic.PointsRewards, NotificationChannel.Email, false, NotificationPreferences.SourceSettings));

        await RaiseAndCollectAsync(customer, 10);

        var deliveries = await factory.WithServiceAsync<List<(string Title, NotificationChannel Channel, DeliveryStatus Status)>, PortalDbContext>(async db =>
            (await db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.CustomerId == customer.Id)
                .Select(d => new { d.Notification.Title, d.Channel, d.Status }).ToListAsync())
            .Select(d => (d.Title, d.Channel, d.Status)).ToList());
        Assert.Contains(("Your password was changed", NotificationChannel.Email, DeliveryStatus.Sent), deliveries);
        Assert.Contains(("Your password was changed", NotificationChannel.InApp, DeliveryStatus.Sent), deliveries);
        Assert.Contains(("You earned 10 points", NotificationChannel.Email, DeliveryStatus.Suppressed), deliveries);
        // The email change is already mailed to both addresses by the account mail: no second email here.
        Assert.DoesNotContain(deliveries, d => d.Title == "Your email is being changed" && d.Channel == NotificationChannel.Email);
        Assert.Contains(("Your email is being changed", NotificationChannel.InApp, DeliveryStatus.Sent), deliveries);
    }
}
