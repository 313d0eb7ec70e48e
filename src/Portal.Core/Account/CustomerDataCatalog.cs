using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Security;
using Portal.Core.Tickets;

namespace Portal.Core.Account;

/// <summary>
/// One kind of record in "download my data": the JSON file it becomes, how the customer's rows are found, and the
/// columns left out (someone else's data, staff-only fields, secrets). <paramref name="Shape"/>, when set, writes a row
/// in its own form instead of its columns.
/// </summary>
public sealed record ExportedKind(Type Entity, string File, Func<PortalDbContext, string, IQueryable<object>> Rows, IReadOnlySet<string> Omit,
    Func<object, object>? Shape = null);

/// <summary>A customer-linked table (or event type) that is not exported, and why.</summary>
public sealed record ExcludedKind(Type Entity, string Reason);

/// <summary>
/// What the export does with every table that holds a customer's data (<see cref="CustomerData.Linked"/>): a test
/// fails when a table is neither exported nor excluded with a reason.
/// </summary>
public static class CustomerDataCatalog
{
    public static IReadOnlyList<ExportedKind> Exported { get; } =
    [
        Owned<IdentityUserLogin<string>>("sign-in-providers", "UserId"),
        Owned<IdentityUserRole<string>>("roles", "UserId"),
        Owned<PointsAccount>("points-account", "CustomerId"),
        Owned<PointsEntry>("points-ledger", "CustomerId", omit: ["ActorUserId"]),
        Owned<Purchase>("purchases", "CustomerId"),
        Kind("purchase-lines", (db, id) => db.Set<PurchaseLine>().Where(l => db.Set<Purchase>().Any(p => p.Id == l.PurchaseId && p.CustomerId == id))),
        Kind("purchase-refunds", (db, id) => db.Set<PurchaseRefund>().Where(r => db.Set<Purchase>().Any(p => p.Id == r.PurchaseId && p.CustomerId == id))),
        Owned<Redemption>("redemptions-and-codes", "CustomerId"),
        Owned<Referrals.ReferralCode>("referral-code", "CustomerId"),
        // Either side of a referral; the other person's id, address and device are theirs, the abuse signals staff's.
        Owned<Referrals.Referral>("referrals", "ReferrerId", "FriendId",
            omit: ["ReferrerId", "FriendId", "SignupIp", "DeviceId", "Reason", "Signals"]),
        Owned<Segments.CustomerScore>("segment-and-scores", "CustomerId", omit: ["RunId"]),
        Owned<Segments.SegmentHistoryEntry>("segment-history", "CustomerId"),
        Owned<Offers.OfferActivation>("offers-activated", "CustomerId"),
        Owned<Offers.OfferNotice>("offers-notified", "CustomerId"),
        Owned<Notifications.Notification>("notifications", "CustomerId"),
        Owned<Notifications.NotificationDelivery>("notification-deliveries", "CustomerId"),
        Owned<Notifications.NotificationDeliveryAttempt>("notification-delivery-attempts", "CustomerId"),
        Owned<Notifications.NotificationPreference>("notification-preferences", "CustomerId"),
        Owned<Notifications.NotificationTopicSetting>("notification-consents", "CustomerId"),
        Owned<Notifications.NotificationQuietHours>("notification-quiet-hours", "CustomerId"),
        Owned<Notifications.Digests.NotificationDigest>("notification-digests", "CustomerId"),
        // The browser's keys are secrets of that browser's subscription; which browsers, and since when, is the customer's.
        Owned<Notifications.Push.PushSubscription>("push-browsers", "CustomerId", omit: ["Endpoint", "P256dh", "Auth"]),
        // The id is what the cookie carries and the refresh-token id is a secret's handle: neither is given out.
        Owned<Security.SignInSession>("sign-in-sessions", "UserId", omit: ["Id", "RefreshTokenId"]),
        // Who on staff decided, and their notes, are staff records.
        Owned<Security.SecurityAlert>("security-alerts", "CustomerId", omit: ["ResolvedByName", "Reason"]),
        Owned<SpecialDates.SpecialDateProfile>("special-dates", "CustomerId"),
        Owned<SpecialDates.SpecialDateReward>("special-date-rewards", "CustomerId"),
        Owned<Ticket>("tickets", "CustomerUserId", omit: ["AssignedAgentId", "AssignedAgentName", "Version"]),
        // Agents' internal notes are staff-only: never in the export.
        Kind("ticket-comments", (db, id) => db.Set<TicketComment>().Where(c => !c.IsInternal && db.Set<Ticket>().Any(t => t.Id == c.TicketId && t.CustomerUserId == id)),
            omit: ["AuthorUserId", "IsInternal"]),
        Kind("ticket-attachments", (db, id) => db.Set<TicketAttachment>().NotInternal(db.Set<TicketComment>())
            .Where(a => db.Set<Ticket>().Any(t => t.Id == a.TicketId && t.CustomerUserId == id))),
        Owned<Conversation>("chats", "CustomerUserId", omit: ["AgentUserId"]),
        Kind("chat-messages", (db, id) => db.Set<ChatMessage>().Where(m => db.Set<Conversation>().Any(c => c.Id == m.ConversationId && c.CustomerUserId == id)),
            omit: ["SenderUserId"]),
        Owned<DataExport>("data-exports", "CustomerId"),
        Owned<AccountDeletion>("account-deletions", "CustomerId"),
        // The events on their stream that are about their account's security (what /security lists, for the account's
        // whole life); the other events repeat records exported above (ExcludedEvents says where).
        new(typeof(OutboxMessage), SecurityEventsFile,
            (db, id) => db.Set<OutboxMessage>().Where(m => m.StreamLookupKey == id && ExportedEventNames.Contains(m.Type)).OrderBy(m => m.Id),
            new HashSet<string>(), EventRow),
    ];

    public const string SecurityEventsFile = "security-events";

    /// <summary>Event types written to security-events.json.</summary>
    public static IReadOnlyList<Type> ExportedEvents { get; } =
    [
        typeof(AccountRegistered), typeof(RegistrationWithTakenEmail), typeof(EmailConfirmationRequested), typeof(EmailChangeRequested),
        typeof(PasswordResetRequested), typeof(PasswordChanged), typeof(TwoFactorChanged), typeof(SignInSucceeded), typeof(SignInFailed),
        typeof(RecoveryCodeUsed), typeof(AccountLockedOut), typeof(RefreshTokenReused), typeof(SessionsEnded), typeof(PhoneNumberChanged),
        typeof(RewardRedeemed),
    ];

    private static readonly string[] ExportedEventNames = [.. ExportedEvents.Select(DomainEventTypes.NameOf)];

    /// <summary>Event types on a customer's stream that are not in security-events.json, and where their facts are instead.</summary>
    public static IReadOnlyList<ExcludedKind> ExcludedEvents { get; } =
    [
        new(typeof(SecurityAlertRaised), "The alert itself, with its state and answer, is in security-alerts."),
        new(typeof(RedemptionHeld), "The hold is on the redemption in redemptions-and-codes and its alert in security-alerts."),
        new(typeof(ItemHeld), "The hold is on the claim, offer code or referral (special-date-rewards, offers-activated, referrals) and its alert in security-alerts."),
        new(typeof(Notifications.NotificationCreated), "The notification itself is in notifications."),
        new(typeof(PurchaseRecorded), "The purchase is in purchases (and its lines in purchase-lines)."),
        new(typeof(PurchaseRefunded), "The refund is in purchase-refunds."),
        new(typeof(PointsEarned), "The points are in points-ledger."),
        new(typeof(PointsExpiringSoon), "A reminder; the points and when they expire are in points-ledger."),
        new(typeof(TierChanged), "The tier is in points-account."),
        new(typeof(Referrals.ReferralQualified), "The referral and its state are in referrals."),
        new(typeof(Referrals.ReferralRewarded), "The referral is in referrals and its points in points-ledger."),
        new(typeof(Referrals.ReferralRejected), "The referral and its state are in referrals."),
        new(typeof(Segments.SegmentChanged), "The change is in segment-history."),
        new(typeof(Offers.OfferAvailable), "Which offers they were told about is in offers-notified."),
        new(typeof(Offers.OfferExpiringSoon), "A reminder; the activation and its expiry are in offers-activated."),
        new(typeof(Offers.OfferActivated), "The activation is in offers-activated."),
        new(typeof(Offers.OfferRedeemed), "The use of the offer is in offers-activated and purchases."),
        new(typeof(SpecialDates.SpecialDateRewardAvailable), "The reward is in special-date-rewards."),
        new(typeof(TicketCreated), "The ticket is in tickets."),
        new(typeof(TicketAgentReplied), "The reply is in ticket-comments."),
        new(typeof(TicketStatusChanged), "The ticket's state is in tickets."),
        new(typeof(ChatMissed), "The chat is in chats."),
        new(typeof(DataExportRequested), "The request is in data-exports."),
    ];

    /// <summary>One event: when, what, and its facts; the session id in some is the handle of a sign-in, not given out.</summary>
    private static object EventRow(object row)
    {
        var m = (OutboxMessage)row;
        var details = JsonNode.Parse(m.Payload) as JsonObject ?? new JsonObject();
        details.Remove("UserId");
        details.Remove("SessionId");
        return new Dictionary<string, object?> { ["Id"] = m.Id, ["Event"] = m.Type, ["OccurredAtUtc"] = m.OccurredAtUtc, ["Details"] = details };
    }

    public static IReadOnlyList<ExcludedKind> Excluded { get; } =
    [
        new(typeof(IdentityUserClaim<string>), "Not used for customers: the claims in their sign-in come from the profile, which is exported."),
        new(typeof(IdentityUserToken<string>), "Secrets (authenticator key, recovery codes, a pending email link): giving them out would weaken the account."),
        new(typeof(Administration.AuditEntry), "The staff audit trail: which employee did what in the back office, kept for accountability."),
        new(typeof(ChatTransfer), "Agents handing a chat to one another: staff workflow; the chat itself is exported."),
        new(typeof(Faq.FaqRevision), "Help articles written by staff, not by customers."),
        new(typeof(Segments.SegmentRun), "A recompute of all segments started by staff; the customer's own result is in segment-and-scores."),
        new(typeof(TicketEvent), "The agents' log of a ticket (assignment, status changes); the ticket's state is in tickets."),
        new(typeof(Notifications.Sending.NotificationSend), "A message staff sent (to a segment or one customer): staff's record; what the customer received is in notifications."),
        new(typeof(Notifications.Sms.PhoneVerificationState), "A pending one-time code (its hash) and the rate-limit counters; the verified number is in profile."),
    ];

    private static ExportedKind Owned<T>(string file, params string[] ownerColumns) where T : class => Owned<T>(file, ownerColumns, []);

    private static ExportedKind Owned<T>(string file, string a, string b, string[] omit) where T : class => Owned<T>(file, [a, b], omit);

    private static ExportedKind Owned<T>(string file, string ownerColumn, string[] omit) where T : class => Owned<T>(file, [ownerColumn], omit);

    private static ExportedKind Owned<T>(string file, string[] ownerColumns, string[] omit) where T : class =>
        new(typeof(T), file, (db, id) => db.Set<T>().Where(OwnedBy<T>(ownerColumns, id)), omit.ToHashSet());

    private static ExportedKind Kind<T>(string file, Func<PortalDbContext, string, IQueryable<T>> rows, string[]? omit = null) where T : class =>
        new(typeof(T), file, rows, (omit ?? []).ToHashSet());

    /// <summary>e => EF.Property&lt;string&gt;(e, c1) == id || …</summary>
    private static Expression<Func<T, bool>> OwnedBy<T>(string[] columns, string id)
    {
        var e = Expression.Parameter(typeof(T), "e");
        var property = typeof(EF).GetMethod(nameof(EF.Property))!.MakeGenericMethod(typeof(string));
        Expression<Func<string>> idValue = () => id;
        var body = columns.Select(c => (Expression)Expression.Equal(Expression.Call(property, e, Expression.Constant(c)), idValue.Body))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(body, e);
    }
}
