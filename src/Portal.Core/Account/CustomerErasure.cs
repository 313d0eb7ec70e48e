using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Notifications.Sms;
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
        // Erasure waits while an alert is in the security team's queue (AccountDeletions), so only decided alerts go here.
        Delete<Security.SecurityAlert>("CustomerId", "Decided fraud alerts hold their addresses and devices; staff decisions stay in the audit log."),
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
        Anonymise<TicketComment>("Agents' replies stay with the ticket without the customer's name or contact; the customer's words and name are replaced.",
            async (db, id, _, ct) =>
            {
                await db.Set<TicketComment>().Where(c => c.AuthorUserId == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Body, AccountDeletions.Marker).SetProperty(c => c.AuthorName, AccountDeletions.Marker), ct);
                var names = await IdentifiersAsync(db, id, ct);
                var replies = await db.Set<TicketComment>().AsNoTracking()
                    .Where(c => c.AuthorUserId != id && db.Set<Ticket>().Any(t => t.Id == c.TicketId && t.CustomerUserId == id)).Select(c => new { c.Id, c.Body }).ToListAsync(ct);
                foreach (var c in replies)
                    if (Redact(c.Body, names) is var body && body != c.Body)
                        await db.Set<TicketComment>().Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Body, body), ct);
            }),
        Anonymise<TicketEvent>("The agents' log of a ticket stays; the customer's name on their own actions goes.",
            (db, id, _, ct) => db.Set<TicketEvent>().Where(e => e.ActorUserId == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, AccountDeletions.Marker), ct)),
        Anonymise<Conversation>("Chat statistics stay; the customer's rating comment goes.",
            (db, id, _, ct) => db.Set<Conversation>().Where(c => c.CustomerUserId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RatingComment, (string?)null), ct)),
        Anonymise<ChatMessage>("The customer's messages and name are replaced; agents' messages stay with the chat, without the customer's name or contact.",
            async (db, id, _, ct) =>
            {
                await db.Set<ChatMessage>().Where(m => m.SenderUserId == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, AccountDeletions.Marker).SetProperty(m => m.SenderName, AccountDeletions.Marker), ct);
                var names = await IdentifiersAsync(db, id, ct);
                var replies = await db.Set<ChatMessage>().AsNoTracking()
                    .Where(m => m.SenderUserId != id && db.Set<Conversation>().Any(c => c.Id == m.ConversationId && c.CustomerUserId == id)).Select(m => new { m.Id, m.Body }).ToListAsync(ct);
                foreach (var m in replies)
                    if (Redact(m.Body, names) is var body && body != m.Body)
                        await db.Set<ChatMessage>().Where(x => x.Id == m.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Body, body), ct);
            }),
        Anonymise<OutboxMessage>("Events stay under the internal id for the figures built from them (sign-ins, purchases); the addresses and devices in them, and delivery errors that may quote a contact, go.",
            ScrubEventsAsync),
        Keep<ChatTransfer>("Agents handing a chat to one another: staff workflow with ids only."),
        Keep<Administration.AuditEntry>("The staff audit trail (which employee did what), kept for accountability."),
        Keep<Faq.FaqRevision>("Help articles written by staff."),
        Keep<Segments.SegmentRun>("A recompute of all segments started by staff."),
        Keep<Notifications.Sending.NotificationSend>("A message staff sent: staff's record, naming the audience by Customer ID only."),
        Keep<AccountDeletion>("The record that the deletion was asked for and done: proof of the erasure, with dates only."),
    ];

    /// <summary>Fields of events that identify a person: emptied in every event on their stream.</summary>
    public static IReadOnlySet<string> PersonalEventFields { get; } = new HashSet<string> { "IpAddress", "UserAgent", "Country" };

    /// <summary>
    /// Text fields of events that are codes, not personal data (ids, named "…Id", are facts too). A test fails on any
    /// other text field of an event, so a new one is decided here: a code, or personal and emptied.
    /// </summary>
    public static IReadOnlySet<string> EventCodeFields { get; } = new HashSet<string> { "Reason", "Method", "From", "To", "Currency" };

    /// <summary>
    /// Files that hold their data, in every folder the portal keeps: ticket attachments, data export ZIPs, mail in the
    /// pickup folder to their address (or the one waiting for confirmation), texts in the SMS pickup folder to their numbers.
    /// Read before the rows are changed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FilesAsync(PortalDbContext db, IServiceProvider services, PortalUser user, CancellationToken ct)
    {
        var id = user.Id;
        var files = new List<string>();
        if (services.GetService<TicketOptions>() is { } tickets)
            files.AddRange((await db.Set<TicketAttachment>().Where(a => db.Set<Ticket>().Any(t => t.Id == a.TicketId && t.CustomerUserId == id))
                .Select(a => a.StoredName).ToListAsync(ct)).Select(n => Path.Combine(tickets.AttachmentsDirectory, n)));
        if (services.GetService<DataExportOptions>() is { } exports)
            files.AddRange((await db.Set<DataExport>().Where(e => e.CustomerId == id).Select(e => e.Id).ToListAsync(ct))
                .SelectMany(e => new[] { Path.Combine(Path.GetFullPath(exports.Directory), $"{e:N}.zip"), Path.Combine(Path.GetFullPath(exports.Directory), $"{e:N}.zip.part") }));

        if (services.GetService<EmailOptions>() is { SmtpHost: null or "" } mail)
        {
            var pending = await db.UserTokens.Where(t => t.UserId == id && t.LoginProvider == AccountProfile.TokenProvider && t.Name == AccountProfile.PendingEmailToken)
                .Select(t => t.Value).ToListAsync(ct);
            files.AddRange(FilesMentioning(mail.PickupDirectory, "*.eml", [user.Email, .. pending]));
        }
        if (services.GetService<SmsOptions>() is { Url: null or "" } sms)
        {
            var numbers = await db.Set<PhoneVerificationState>().Where(v => v.CustomerId == id).Select(v => v.PhoneNumber).ToListAsync(ct);
            if (PhoneNumbers.TryNormalizeE164(user.PhoneNumber, sms.DefaultCountryCode, out var e164)) numbers.Add(e164);
            files.AddRange(FilesMentioning(sms.PickupDirectory, "*.txt", [user.PhoneNumber, .. numbers]));
        }
        return files;
    }

    private static IEnumerable<string> FilesMentioning(string directory, string pattern, IEnumerable<string?> values)
    {
        if (Mention(values) is not { } mention || !Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, pattern).Where(f => mention.IsMatch(File.ReadAllText(f))).ToList();
    }

    /// <summary>Any of the values as a whole word ("ann@x.test" is not found in "joann@x.test"), ignoring case; null when none.</summary>
    private static Regex? Mention(IEnumerable<string?> values)
    {
        var wanted = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(v => v.Length).Select(Regex.Escape).ToList();
        return wanted.Count == 0 ? null
            : new Regex($@"(?<![\w.+-])(?:{string.Join('|', wanted)})(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>Their name, email and phone as they are before the account row is anonymised.</summary>
    private static async Task<string[]> IdentifiersAsync(PortalDbContext db, string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.DisplayName, u.Email, u.PhoneNumber }).FirstAsync(ct);
        return [.. new[] { user.DisplayName, user.Email, user.PhoneNumber }.Where(v => !string.IsNullOrWhiteSpace(v) && v != AccountDeletions.Marker).Select(v => v!)];
    }

    private static string Redact(string text, IEnumerable<string> values) => Mention(values)?.Replace(text, AccountDeletions.Marker) ?? text;

    private static async Task ScrubEventsAsync(PortalDbContext db, string id, DateTime now, CancellationToken ct)
    {
        await db.Set<OutboxMessage>().Where(m => m.StreamKey == id && m.LastError != null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastError, (string?)null), ct);
        // Kinds not looked up by stream carry no personal fields (a test holds them to it).
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.StreamLookupKey == id).Select(m => new { m.Id, m.Payload }).ToListAsync(ct);
        foreach (var row in rows)
            if (Scrubbed(row.Payload) is { } payload)
                await db.Set<OutboxMessage>().Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Payload, payload), ct);
    }

    /// <summary>The payload with <see cref="PersonalEventFields"/> emptied; null when it held none.</summary>
    internal static string? Scrubbed(string payload)
    {
        if (JsonNode.Parse(payload) is not JsonObject json) return null;
        var changed = false;
        foreach (var field in PersonalEventFields)
            if (json[field] is not null) { json[field] = null; changed = true; }
        return changed ? json.ToJsonString() : null;
    }

    private static ErasureDecision Keep<T>(string reason) => new(typeof(T), ErasureAction.Keep, reason, Nothing);

    private static ErasureDecision Anonymise<T>(string reason, Func<PortalDbContext, string, DateTime, CancellationToken, Task> apply) => new(typeof(T), ErasureAction.Anonymise, reason, apply);

    private static ErasureDecision Delete<T>(string column, string reason) where T : class =>
        new(typeof(T), ErasureAction.Delete, reason, (db, id, _, ct) => db.Set<T>().Where(e => EF.Property<string>(e, column) == id).ExecuteDeleteAsync(ct));
}
