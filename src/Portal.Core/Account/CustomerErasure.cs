using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Chat;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Tickets;

namespace Portal.Core.Account;

public enum ErasureAction { Delete, Anonymise, Keep }

/// <summary>What "delete my account" does with one customer-linked table, and why.</summary>
public sealed record ErasureDecision(Type Entity, ErasureAction Action, string Reason, Func<PortalDbContext, string, DateTime, CancellationToken, Task> Apply);

/// <summary>
/// The erasure's answer for every table <see cref="CustomerData.Linked"/> finds: a test fails when a new table has
/// none. Kept rows hold the internal user id only (the account row itself is a tombstone without personal data).
/// </summary>
public static class CustomerErasure
{
    private static readonly Func<PortalDbContext, string, DateTime, CancellationToken, Task> Nothing = (_, _, _, _) => Task.CompletedTask;

    public static IReadOnlyList<ErasureDecision> Decisions { get; } =
    [
        Delete<IdentityUserLogin<string>>("UserId", "External sign-ins name the person at another provider."),
        Delete<IdentityUserClaim<string>>("UserId", "Claims describe the person; the account can no longer sign in."),
        Delete<IdentityUserToken<string>>("UserId", "Authenticator key, recovery codes and pending email: secrets of an account that is gone."),
        Keep<IdentityUserRole<string>>("The Customer role keeps the tombstone out of staff lists; it says nothing about the person."),
        Keep<PointsAccount>("Points balances and tiers are the programme's liabilities: kept as figures under the internal id."),
        Keep<PointsEntry>("The points ledger is accounting: amounts and dates under the internal id."),
        Keep<Purchase>("Purchase amounts are kept for accounting; they hold the internal id, no name or contact."),
        Keep<Redemption>("Rewards bought with points are accounting; the codes can no longer be used by anyone."),
        Keep<Offers.OfferActivation>("Offer use and discounts given are accounting and offer analytics; no personal data besides the id."),
        Delete<Offers.OfferNotice>("CustomerId", "Which offers they have seen: of no use once the person is gone."),
        Anonymise<Referrals.ReferralCode>("The code stays taken so shared links never reach someone else; the device cookie goes.",
            (db, id, _, ct) => db.Set<Referrals.ReferralCode>().Where(c => c.CustomerId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeviceId, (string?)null), ct)),
        Anonymise<Referrals.Referral>("Referral rewards are accounting; the sign-up address and device identify a person.",
            (db, id, _, ct) => db.Set<Referrals.Referral>().Where(r => r.ReferrerId == id || r.FriendId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SignupIp, (string?)null).SetProperty(r => r.DeviceId, (string?)null), ct)),
        // Deleted, not kept: a score is a profile of one person; aggregate figures are recomputed from the purchases, which stay.
        Delete<Segments.CustomerScore>("CustomerId", "A score profiles one person; segment totals are recomputed from the kept purchases."),
        Delete<Segments.SegmentHistoryEntry>("CustomerId", "The person's segment changes over time: profiling, not accounting."),
        Delete<Notifications.NotificationDeliveryAttempt>("CustomerId", "Each try at sending them a message; a provider's answer may quote their address."),
        Delete<Notifications.NotificationDelivery>("CustomerId", "Messages sent to them: personal correspondence."),
        Delete<Notifications.Digests.NotificationDigest>("CustomerId", "Digests of messages to them: personal correspondence."),
        Delete<Notifications.Notification>("CustomerId", "Messages to them, often with their name: personal correspondence."),
        Delete<Notifications.NotificationPreference>("CustomerId", "Their choices about messages."),
        Delete<Notifications.NotificationTopicSetting>("CustomerId", "Their consents to kinds of message."),
        Delete<Notifications.NotificationQuietHours>("CustomerId", "Their quiet hours."),
        Delete<Notifications.Push.PushSubscription>("CustomerId", "Their browsers' push addresses and keys."),
        Delete<Security.SignInSession>("UserId", "Their devices, addresses and sign-ins; the account is signed out everywhere."),
        Delete<Security.SecurityAlert>("CustomerId", "Fraud alerts hold their addresses and devices; staff decisions stay in the audit log."),
        Delete<Notifications.Sms.PhoneVerificationState>("CustomerId", "The phone number a code was sent to."),
        Delete<SpecialDates.SpecialDateProfile>("CustomerId", "Their special dates: personal data."),
        Delete<SpecialDates.SpecialDateReward>("CustomerId", "Dated by their birthday or anniversary; the points given stay in the ledger."),
        Delete<DataExport>("CustomerId", "Copies of their data (the ZIP files are deleted too)."),
        Anonymise<Ticket>("The ticket's history stays for support statistics; who asked and what they wrote go, and an open ticket is closed.",
            async (db, id, now, ct) =>
            {
                await db.Set<Ticket>().Where(t => t.CustomerUserId == id && t.Status != TicketStatus.Closed)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Closed).SetProperty(t => t.ClosedAtUtc, now), ct);
                await db.Set<Ticket>().Where(t => t.CustomerUserId == id).ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.Subject, AccountDeletions.Marker).SetProperty(t => t.RequesterName, AccountDeletions.Marker)
                    .SetProperty(t => t.RequesterEmail, (string?)null).SetProperty(t => t.RatingComment, (string?)null), ct);
                await db.Set<TicketAttachment>().Where(a => db.Set<Ticket>().Any(t => t.Id == a.TicketId && t.CustomerUserId == id)).ExecuteDeleteAsync(ct);
            }),
        Anonymise<TicketComment>("Agents' replies stay with the ticket; the customer's words and name are replaced.",
            (db, id, _, ct) => db.Set<TicketComment>().Where(c => c.AuthorUserId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Body, AccountDeletions.Marker).SetProperty(c => c.AuthorName, AccountDeletions.Marker), ct)),
        Anonymise<TicketEvent>("The agents' log of a ticket stays; the customer's name on their own actions goes.",
            (db, id, _, ct) => db.Set<TicketEvent>().Where(e => e.ActorUserId == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, AccountDeletions.Marker), ct)),
        Anonymise<Conversation>("Chat statistics stay; the customer's rating comment goes.",
            (db, id, _, ct) => db.Set<Conversation>().Where(c => c.CustomerUserId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RatingComment, (string?)null), ct)),
        Anonymise<ChatMessage>("The customer's messages and name are replaced; agents' messages stay with the chat.",
            (db, id, _, ct) => db.Set<ChatMessage>().Where(m => m.SenderUserId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, AccountDeletions.Marker).SetProperty(m => m.SenderName, AccountDeletions.Marker), ct)),
        Keep<ChatTransfer>("Agents handing a chat to one another: staff workflow with ids only."),
        Keep<Administration.AuditEntry>("The staff audit trail (which employee did what), kept for accountability."),
        Keep<Faq.FaqRevision>("Help articles written by staff."),
        Keep<Segments.SegmentRun>("A recompute of all segments started by staff."),
        Keep<Notifications.Sending.NotificationSend>("A message staff sent: staff's record, naming the audience by Customer ID only."),
        Keep<AccountDeletion>("The record that the deletion was asked for and done: proof of the erasure, with dates only."),
    ];

    /// <summary>Files that hold their data: ticket attachments of their tickets and data export ZIPs.</summary>
    public static async Task<IReadOnlyList<string>> FilesAsync(PortalDbContext db, IServiceProvider services, string id, CancellationToken ct)
    {
        var files = new List<string>();
        if (services.GetService<TicketOptions>() is { } tickets)
            files.AddRange((await db.Set<TicketAttachment>().Where(a => db.Set<Ticket>().Any(t => t.Id == a.TicketId && t.CustomerUserId == id))
                .Select(a => a.StoredName).ToListAsync(ct)).Select(n => Path.Combine(tickets.AttachmentsDirectory, n)));
        if (services.GetService<DataExportOptions>() is { } exports)
            files.AddRange((await db.Set<DataExport>().Where(e => e.CustomerId == id).Select(e => e.Id).ToListAsync(ct))
                .SelectMany(e => new[] { Path.Combine(Path.GetFullPath(exports.Directory), $"{e:N}.zip"), Path.Combine(Path.GetFullPath(exports.Directory), $"{e:N}.zip.part") }));
        return files;
    }

    private static ErasureDecision Keep<T>(string reason) => new(typeof(T), ErasureAction.Keep, reason, Nothing);

    private static ErasureDecision Anonymise<T>(string reason, Func<PortalDbContext, string, DateTime, CancellationToken, Task> apply) => new(typeof(T), ErasureAction.Anonymise, reason, apply);

    private static ErasureDecision Delete<T>(string column, string reason) where T : class =>
        new(typeof(T), ErasureAction.Delete, reason, (db, id, _, ct) => db.Set<T>().Where(e => EF.Property<string>(e, column) == id).ExecuteDeleteAsync(ct));
}
