using System.Net;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Localization;
using Portal.Core.Email;
using Portal.Core.Notifications;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>
/// A notification as an email in the language it was written in: right to left for Arabic, a plain-text part, a
/// button to the page it is about, and for marketing the RFC 8058 one-click unsubscribe headers plus a visible link.
/// </summary>
public sealed class NotificationEmailRenderer(PublicLinks links, UnsubscribeTokens tokens, IStringLocalizerFactory factory) : INotificationEmailRenderer
{
    public EmailMessage Render(OutgoingNotification message) => CustomerNotifications.InLanguage(message.Notification.Language, () =>
    {
        var s = factory.Create(typeof(SharedResource));
        var n = message.Notification;
        var link = n.Link is { Length: > 0 } path ? links.Path(path) : null;
        var settings = links.Path("/notifications");
        string? unsubscribe = null, oneClick = null;
        if (NotificationTopics.IsMarketing(n.Topic))
        {
            var token = tokens.For(n.CustomerId, n.Topic);
            unsubscribe = links.Path("/notifications/unsubscribe?token=" + Uri.EscapeDataString(token));
            oneClick = links.Path("/notifications/unsubscribe/one-click?token=" + Uri.EscapeDataString(token));
        }

        var dir = Cultures.Dir;
        var lang = Cultures.Lang;
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><body style=\"font-family:system-ui,sans-serif;text-align:{(dir == "rtl" ? "right" : "left")}\">");
        html.Append($"<div dir=\"{dir}\"><h1 style=\"font-size:20px\">{E(n.Title)}</h1><p>{E(n.Body)}</p>");
        if (link is not null) html.Append($"<p><a href=\"{E(link)}\">{E(s["Open in CustomerPortal"])}</a></p>");
        html.Append($"<hr><p style=\"font-size:12px;color:#555\">{E(s["Choose which messages you get and how:"])} <a href=\"{E(settings)}\">{E(settings)}</a></p>");
        if (unsubscribe is not null) html.Append($"<p style=\"font-size:12px\"><a href=\"{E(unsubscribe)}\">{E(s["Unsubscribe from offers by email"])}</a></p>");
        html.Append("</div></body></html>");

        var text = new StringBuilder().Append(n.Title).Append("\n\n").Append(n.Body).Append('\n');
        if (link is not null) text.Append('\n').Append(s["Open in CustomerPortal"]).Append(": ").Append(link).Append('\n');
        text.Append("\n--\n").Append(s["Choose which messages you get and how:"]).Append(' ').Append(settings).Append('\n');
        if (unsubscribe is not null) text.Append(s["Unsubscribe from offers by email"]).Append(": ").Append(unsubscribe).Append('\n');

        var headers = oneClick is null ? null : new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = $"<{oneClick}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
        return new EmailMessage(message.Customer.Email!, n.Title, html.ToString(), text.ToString(), message.Delivery.MessageId, headers);
    });

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}

/// <summary>
/// Signed, unexpiring tokens naming a customer and a topic, for unsubscribe links that work signed out
/// (Data Protection, so a token cannot be made for someone else or changed).
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Notifications.Unsubscribe.v1");

    public string For(string customerId, NotificationTopic topic) => _protector.Protect($"{topic}|{customerId}");

    public (string CustomerId, NotificationTopic Topic)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var parts = _protector.Unprotect(token).Split('|', 2);
            return parts.Length == 2 && Enum.TryParse<NotificationTopic>(parts[0], out var topic) ? (parts[1], topic) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
