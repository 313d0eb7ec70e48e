using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Events;
using Portal.Core.Tickets;
using Portal.Notifications;
using Portal.Shell;

namespace Portal.Tickets.Guest;

/// <summary>
/// Mail to the visitor behind a contact-form ticket, who has no account and so no notification settings: the
/// receipt, every public reply (with its text) and the ticket's resolution, each with the signed link to read and
/// answer it. Written in the language they wrote in; the Message-ID comes from the event, so a resend after a crash
/// is the same message. Customers' own tickets are told through notifications instead.
/// </summary>
public sealed class VisitorTicketMail(PortalDbContext db, IEmailSender mail, TicketGuestLinks links, IStringLocalizerFactory factory)
    : IHandle<TicketCreated>, IHandle<TicketAgentReplied>, IHandle<TicketStatusChanged>
{
    public async Task HandleAsync(TicketCreated e, EventContext context, CancellationToken ct)
    {
        if (e.UserId is not null || await VisitorTicketAsync(e.TicketId, ct) is not { } ticket) return;
        await SendAsync(ticket, context, s => (
            s["We have your message: ticket {0}", Ticket.Display(ticket.Number)],
            s["Thank you for writing to us about “{0}”. We will answer by email, and you can read the whole conversation and reply here:", Bidi.Isolate(ticket.Subject)],
            null), ct);
    }

    public async Task HandleAsync(TicketAgentReplied e, EventContext context, CancellationToken ct)
    {
        if (e.UserId is not null || await VisitorTicketAsync(e.TicketId, ct) is not { } ticket) return;
        var reply = await db.Set<TicketComment>().AsNoTracking()
            .Where(c => c.Id == e.MessageId && c.TicketId == ticket.Id && !c.IsInternal).Select(c => c.Body).SingleOrDefaultAsync(ct);
        if (reply is null) return;
        await SendAsync(ticket, context, s => (
            s["New reply on ticket {0}", Ticket.Display(ticket.Number)],
            s["Support answered “{0}”:", Bidi.Isolate(ticket.Subject)],
            reply), ct);
    }

    public async Task HandleAsync(TicketStatusChanged e, EventContext context, CancellationToken ct)
    {
        // A reply already says "waiting for you"; only the endings are news.
        if (e.UserId is not null || !Enum.TryParse<TicketStatus>(e.To, out var to) || to is not (TicketStatus.Resolved or TicketStatus.Closed)) return;
        if (await VisitorTicketAsync(e.TicketId, ct) is not { } ticket) return;
        await SendAsync(ticket, context, s => (
            s["Ticket {0} is now {1}", Ticket.Display(ticket.Number), s.Status(to)],
            to == TicketStatus.Resolved ? s["If your question is not answered, reply to reopen it."] : s["This ticket is closed. To ask something else, send us a new message."],
            null), ct);
    }

    private Task<Ticket?> VisitorTicketAsync(int ticketId, CancellationToken ct) =>
        db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerUserId == null && t.RequesterEmail != null, ct);

    private Task SendAsync(Ticket ticket, EventContext context, Func<IStringLocalizer, (string Subject, string Intro, string? Quote)> write, CancellationToken ct)
    {
        var message = CustomerNotifications.InLanguage(ticket.RequesterLanguage, () =>
        {
            var s = factory.Create(typeof(SharedResource));
            var (subject, intro, quote) = write(s);
            var link = links.LinkFor(ticket);
            var open = s["Read and reply to your ticket"].Value;
            var dir = Cultures.Dir;
            var html = new StringBuilder()
                .Append($"<!DOCTYPE html><html lang=\"{Cultures.Lang}\" dir=\"{dir}\"><body style=\"font-family:system-ui,sans-serif;text-align:{(dir == "rtl" ? "right" : "left")}\">")
                .Append($"<div dir=\"{dir}\"><p>{E(s["Hello {0},", Bidi.Isolate(ticket.RequesterName)])}</p><p>{E(intro)}</p>");
            if (quote is not null)
                html.Append($"<blockquote dir=\"auto\" style=\"white-space:pre-line;border-inline-start:3px solid #999;margin:0;padding-inline-start:12px\">{E(quote)}</blockquote>");
            html.Append($"<p><a href=\"{E(link)}\">{E(open)}</a></p>")
                .Append($"<hr><p style=\"font-size:12px;color:#555\">{E(s["Keep this email to yourself: anyone with the link can read and answer this ticket."])}</p></div></body></html>");
            var text = new StringBuilder().Append(s["Hello {0},", Bidi.Isolate(ticket.RequesterName)]).Append("\n\n").Append(intro).Append('\n');
            if (quote is not null) text.Append('\n').Append(quote).Append('\n');
            text.Append('\n').Append(open).Append(": ").Append(link).Append('\n')
                .Append("\n--\n").Append(s["Keep this email to yourself: anyone with the link can read and answer this ticket."]).Append('\n');
            return new EmailMessage(ticket.RequesterEmail!, subject, html.ToString(), text.ToString(), $"{context.EventId:N}@customerportal");
        });
        return mail.SendAsync(message, ct);
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
