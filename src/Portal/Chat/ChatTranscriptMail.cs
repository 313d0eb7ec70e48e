using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Core.Chat;
using Portal.Core.Email;
using Portal.Core.Notifications;
using Portal.Notifications;
using Portal.Shell;

namespace Portal.Chat;

/// <summary>
/// "Email me this transcript": the customer asks, and the mail goes through the notification deliveries (queued,
/// retried, in their history under "Tickets and support"), written in their language when it is sent. Sent whatever the
/// topic's settings, since they asked for it. Once per chat: the source key is the chat.
/// </summary>
public sealed class ChatTranscriptMail(CustomerNotifications notify)
{
    public const string Template = "chat:transcript";

    public static string SourceKey(long conversationId) => "chat-transcript:" + conversationId.ToString(CultureInfo.InvariantCulture);

    /// <summary>False when this chat's transcript was already sent.</summary>
    public async Task<bool> RequestAsync(string customerId, long conversationId, CancellationToken ct) =>
        await notify.AccountEmailAsync(customerId, Template, SourceKey(conversationId),
            s => (s["Your chat transcript"], s["We emailed you the transcript of your chat."]), ct, NotificationTopic.Tickets) is not null;
}

/// <summary>Makes the transcript email at send time, from the stored messages, in the notification's language.</summary>
public sealed class ChatTranscriptEmailRenderer(ChatService chat, PublicLinks links, IStringLocalizerFactory factory, Portal.Core.Customers.CustomerTimeZones zones) : IAccountEmailRenderer
{
    public bool Handles(string template) => template == ChatTranscriptMail.Template;

    public async Task<EmailMessage?> RenderAsync(OutgoingNotification message, CancellationToken ct)
    {
        var key = message.Notification.SourceKey;
        if (message.Customer.Email is not { } email || !key.StartsWith("chat-transcript:", StringComparison.Ordinal)
            || !long.TryParse(key["chat-transcript:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        var viewer = new ChatViewer(message.Customer.Id, false);
        if (await chat.FindForAsync(id, viewer, ct) is not { IsOpen: false } conversation || conversation.CustomerUserId != viewer.UserId) return null;
        var lines = await chat.TranscriptAsync(id, viewer, null, ct) ?? [];
        return CustomerNotifications.InLanguage(message.Notification.Language, () =>
        {
            var s = factory.Create(typeof(SharedResource));
            var zone = zones.For(message.Customer);
            string When(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("g", CultureInfo.CurrentCulture);
            var subject = s["Your chat transcript"].Value;
            var intro = conversation.AgentName is { } agent
                ? s["Here is your chat with {0} on {1}.", Bidi.Isolate(agent), When(conversation.CreatedUtc)].Value
                : s["Here is your chat on {0}.", When(conversation.CreatedUtc)].Value;
            var dir = Cultures.Dir;
            var html = new StringBuilder()
                .Append($"<!DOCTYPE html><html lang=\"{Cultures.Lang}\" dir=\"{dir}\"><body style=\"font-family:system-ui,sans-serif\">")
                .Append($"<div dir=\"{dir}\"><p>{E(s["Hello {0},", Bidi.Isolate(message.Customer.DisplayName)])}</p><p>{E(intro)}</p>");
            var text = new StringBuilder().Append(s["Hello {0},", Bidi.Isolate(message.Customer.DisplayName)]).Append("\n\n").Append(intro).Append("\n\n");
            foreach (var line in lines)
            {
                var said = line.Sender == ChatSender.System ? s["{0} joined the chat", line.SenderName].Value : line.Body;
                html.Append($"<p style=\"margin:0 0 8px\"><strong dir=\"auto\">{E(line.SenderName)}</strong> <span style=\"color:#555\">{E(When(line.SentUtc))}</span><br><span dir=\"auto\" style=\"white-space:pre-line\">{E(said)}</span></p>");
                text.Append(line.SenderName).Append(" (").Append(When(line.SentUtc)).Append("): ").Append(said).Append('\n');
            }
            var link = links.Path($"/support/chat/history/{id}");
            html.Append($"<p><a href=\"{E(link)}\">{E(s["Your past chats"])}</a></p></div></body></html>");
            text.Append('\n').Append(s["Your past chats"]).Append(": ").Append(link).Append('\n');
            return new EmailMessage(email, subject, html.ToString(), text.ToString(), message.Delivery.MessageId);
        });
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
