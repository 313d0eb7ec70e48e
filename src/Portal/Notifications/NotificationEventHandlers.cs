using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Core.Loyalty;
using Portal.Core.Notifications;
using Portal.Core.Offers;
using Portal.Core.SpecialDates;
using Portal.Core.Referrals;
using Portal.Core.Tickets;
using Portal.Loyalty;
using Portal.Shell;
using Portal.SpecialDates;
using Portal.Tickets;

namespace Portal.Notifications;

// Each handler runs in the outbox dispatcher's transaction (HandlerTransaction.Dispatcher): the notification and the
// handler's acknowledgement commit together, and the source key "<kind>:<EventId>" keeps a cause to one notification
// even if the same fact were handled under another name.

/// <summary>Agent replies and a ticket being resolved or closed reach the customer (contact-form tickets have no customer yet).</summary>
public sealed class TicketNotifications(CustomerNotifications notify, PortalDbContext db) : IHandle<TicketAgentReplied>, IHandle<TicketStatusChanged>
{
    public async Task HandleAsync(TicketAgentReplied e, EventContext context, CancellationToken ct)
    {
        if (e.UserId is null) return;
        var ticket = await db.Set<Ticket>().AsNoTracking().Where(t => t.Id == e.TicketId).Select(t => new { t.Number, t.Subject }).SingleOrDefaultAsync(ct);
        if (ticket is null) return;
        await notify.NotifyAsync(e.UserId, NotificationTopic.Tickets, $"ticket-reply:{context.EventId}",
            s => (s["New reply on ticket {0}", Ticket.Display(ticket.Number)], s["Support answered “{0}”. Open the ticket to read the reply.", Bidi.Isolate(ticket.Subject)]),
            $"/tickets/{ticket.Number}", ct);
    }

    public async Task HandleAsync(TicketStatusChanged e, EventContext context, CancellationToken ct)
    {
        // An agent's reply already moves the ticket to "waiting for you" and is told as a reply; tell only the endings.
        if (e.UserId is null || !Enum.TryParse<TicketStatus>(e.To, out var to) || to is not (TicketStatus.Resolved or TicketStatus.Closed)) return;
        var ticket = await db.Set<Ticket>().AsNoTracking().Where(t => t.Id == e.TicketId).Select(t => new { t.Number, t.Subject }).SingleOrDefaultAsync(ct);
        if (ticket is null) return;
        await notify.NotifyAsync(e.UserId, NotificationTopic.Tickets, $"ticket-status:{context.EventId}",
            s => (s["Ticket {0} is now {1}", Ticket.Display(ticket.Number), s.Status(to)],
                  to == TicketStatus.Resolved ? s["If your question is not answered, reply to reopen it."] : s["Open a new ticket if you need more help."]),
            $"/tickets/{ticket.Number}", ct);
    }
}

/// <summary>Points earned, points about to expire, tier changes and rewards redeemed.</summary>
public sealed class LoyaltyNotifications(CustomerNotifications notify)
    : IHandle<PointsEarned>, IHandle<PointsExpiringSoon>, IHandle<TierChanged>, IHandle<RewardRedeemed>
{
    public Task HandleAsync(PointsEarned e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.PointsRewards, $"points-earned:{context.EventId}",
            s => (s["You earned {0}", s.Plural("{0} points", e.Points)], s["They are in your points history."]), "/loyalty", ct);

    public Task HandleAsync(PointsExpiringSoon e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.PointsRewards, $"points-expiring:{context.EventId}",
            s => (s["{0} expire on {1}", s.Plural("{0} points", e.Points), Formats.Date(e.ExpiresAtUtc)], s["Redeem them for a reward before then."]), "/loyalty", ct);

    public Task HandleAsync(TierChanged e, EventContext context, CancellationToken ct)
    {
        if (!Enum.TryParse<Tier>(e.To, out var to)) return Task.CompletedTask;
        var up = Enum.TryParse<Tier>(e.From, out var from) && to > from;
        return notify.NotifyAsync(e.UserId, NotificationTopic.PointsRewards, $"tier:{context.EventId}",
            s => up
                ? (s.WelcomeToTier(to), s["You reached a new tier. See what it gives you."])
                : (s.TierIsNow(to), s["Earn points to move up again."]),
            "/loyalty", ct);
    }

    public Task HandleAsync(RewardRedeemed e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.PointsRewards, $"reward:{context.EventId}",
            s => (s["Reward redeemed"], s["You spent {0}. Show your card to use the reward.", s.Plural("{0} points", e.Points)]), "/loyalty", ct);
}

/// <summary>What happened to a friend the customer invited.</summary>
public sealed class ReferralNotifications(CustomerNotifications notify)
    : IHandle<ReferralQualified>, IHandle<ReferralRewarded>, IHandle<ReferralRejected>
{
    public Task HandleAsync(ReferralQualified e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.PointsRewards, $"referral-qualified:{context.EventId}",
            s => (s["A friend made their first purchase"], e.UnderReview ? s["We are checking the referral before your reward."] : s["Your reward is on its way."]),
            "/referrals", ct);

    public Task HandleAsync(ReferralRewarded e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.PointsRewards, $"referral-rewarded:{context.EventId}",
            s => (s["You earned {0} for inviting a friend", s.Plural("{0} points", e.Points)], s["Thank you for sharing CustomerPortal."]), "/referrals", ct);

    public Task HandleAsync(ReferralRejected e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.PointsRewards, $"referral-rejected:{context.EventId}",
            s => (s["A referral was not rewarded"], s["See your referrals for the details."]), "/referrals", ct);
}

/// <summary>Offers picked for the customer (marketing: only with their consent) and a code of theirs about to end.</summary>
public sealed class OfferNotifications(CustomerNotifications notify) : IHandle<OfferAvailable>, IHandle<OfferExpiringSoon>
{
    public Task HandleAsync(OfferAvailable e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.CustomerId, NotificationTopic.Offers, $"offer-available:{context.EventId}",
            s => (s["New offers picked for you"], s["Open your offers to see each one and why we picked it."]), "/offers", ct);

    public Task HandleAsync(OfferExpiringSoon e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.CustomerId, NotificationTopic.Offers, $"offer-expiring:{context.EventId}",
            s => (s["Your offer code ends on {0}", Formats.Date(e.ExpiresAtUtc)], s["Use it at the till or in your cart before then."]), "/offers", ct);
}

/// <summary>A birthday or anniversary reward the customer can claim.</summary>
public sealed class SpecialDateNotifications(CustomerNotifications notify) : IHandle<SpecialDateRewardAvailable>
{
    public Task HandleAsync(SpecialDateRewardAvailable e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.SpecialDates, $"special-date:{context.EventId}",
            s => (e.Kind switch
            {
                SpecialDateKind.Birthday => s["Your birthday reward is waiting"],
                SpecialDateKind.Membership => s["Your membership anniversary reward is waiting"],
                _ => s["Your wedding anniversary reward is waiting"],
            }, s["Claim it by {0}.", SpecialDateText.Date(e.AvailableUntil)]), "/special-dates", ct);
}

/// <summary>Changes to how the customer signs in or is reached: critical, so always delivered.</summary>
public sealed class SecurityNotifications(CustomerNotifications notify) : IHandle<PasswordChanged>, IHandle<TwoFactorChanged>,
    IHandle<Portal.Core.Security.SecurityAlertRaised>, IHandle<Portal.Core.Security.PhoneNumberChanged>, IHandle<EmailChangeRequested>
{
    /// <summary>Both addresses are already emailed by the account mail (EmailChangeMail); here the bell, push and SMS.</summary>
    private static readonly IReadOnlySet<NotificationChannel> NotByEmail =
        new HashSet<NotificationChannel> { NotificationChannel.InApp, NotificationChannel.Push, NotificationChannel.Sms };

    public Task HandleAsync(Portal.Core.Security.PhoneNumberChanged e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.Security, $"phone-changed:{context.EventId}",
            s => (s["Your phone number was changed"], s["Text messages wait until the new number is verified. If this was not you, reset your password now and contact support."]),
            "/security", ct);

    public Task HandleAsync(EmailChangeRequested e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.Security, $"email-change:{context.EventId}",
            s => (s["Your email is being changed"], s["It changes when the link sent to the new address is opened. If this was not you, change your password now."]),
            "/security", ct, NotByEmail);

    public Task HandleAsync(Portal.Core.Security.SecurityAlertRaised e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.Security, $"security-alert:{e.AlertId}",
            s => (Portal.Security.SecurityText.Alert(s, e.Kind), s["Tell us on your security page whether this was you."]), "/security#alerts", ct);

    public Task HandleAsync(PasswordChanged e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.Security, $"password-changed:{context.EventId}",
            s => (s["Your password was changed"], s["If this was not you, reset your password now and contact support."]), "/security", ct);

    public Task HandleAsync(TwoFactorChanged e, EventContext context, CancellationToken ct) =>
        notify.NotifyAsync(e.UserId, NotificationTopic.Security, $"two-factor:{context.EventId}",
            s => e.Enabled
                ? (s["Two-step sign-in is on"], s["Your account now asks for a code when you sign in."])
                : (s["Two-step sign-in is off"], s["If this was not you, reset your password now and contact support."]),
            "/security", ct);
}

/// <summary>A new notification makes the delivery job due now, so the bell rings within a second.</summary>
public sealed class WakeNotificationDispatch(JobRunner runner) : IHandle<NotificationCreated>
{
    public Task HandleAsync(NotificationCreated e, EventContext context, CancellationToken ct) => runner.TriggerAsync(NotificationDispatchJob.Name, ct);
}
