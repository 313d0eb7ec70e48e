using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Core.Email;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Digests;
using Portal.Shell;

namespace Portal.Notifications;

/// <summary>
/// A digest as one email in the customer's language: "Your daily summary: Points and rewards — 3 messages", then
/// each message with its title, a short body, its time in the customer's zone and a link; right to left for Arabic,
/// with a plain-text part, and for marketing the same one-click unsubscribe as a single offer email.
/// </summary>
public sealed class NotificationDigestRenderer(PublicLinks links, UnsubscribeTokens tokens, IStringLocalizerFactory factory) : INotificationDigestRenderer
{
    private const int ShortBody = 280;

    public EmailMessage Render(OutgoingDigest digest) => CustomerNotifications.InLanguage(digest.Customer.PreferredLanguage, () =>
    {
        var s = factory.Create(typeof(SharedResource));
        var d = digest.Digest;
        var count = s.Plural("{0} messages", digest.Items.Count).Value;
        var subject = d.Frequency == NotificationFrequency.Weekly
            ? s["Your weekly summary: {0} — {1}", s.TopicName(d.Topic), count].Value
            : s["Your daily summary: {0} — {1}", s.TopicName(d.Topic), count].Value;
        var settings = links.Path("/notifications");
        string? unsubscribe = null, oneClick = null;
        if (NotificationTopics.IsMarketing(d.Topic))
        {
            var token = tokens.For(d.CustomerId, d.Topic);
            unsubscribe = links.Path("/notifications/unsubscribe?token=" + Uri.EscapeDataString(token));
            oneClick = links.Path("/notifications/unsubscribe/one-click?token=" + Uri.EscapeDataString(token));
        }

        var dir = Cultures.Dir;
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{Cultures.Lang}\" dir=\"{dir}\"><body style=\"font-family:system-ui,sans-serif;text-align:{(dir == "rtl" ? "right" : "left")}\">");
        html.Append($"<div dir=\"{dir}\"><h1 style=\"font-size:20px\">{E(subject)}</h1><ol style=\"padding-inline-start:20px\">");
        var text = new StringBuilder().Append(subject).Append("\n\n");
        var number = 0;
        foreach (var item in digest.Items)
        {
            var when = NotificationText.LocalTime(item.CreatedAtUtc, digest.Zone);
            var body = item.Body.Length <= ShortBody ? item.Body : item.Body[..(ShortBody - 1)] + "…";
            var link = item.Link is { Length: > 0 } path ? links.Path(path) : null;
            html.Append($"<li style=\"margin-bottom:16px\" lang=\"{E(item.Language)}\" dir=\"auto\"><strong>{E(item.Title)}</strong><br>")
                .Append($"<span style=\"font-size:12px;color:#555\">{E(when)}</span><br>{E(body)}");
            if (link is not null) html.Append($"<br><a href=\"{E(link)}\">{E(s["Open in CustomerPortal"])}</a>");
            html.Append("</li>");
            text.Append(Formats.Number(++number)).Append(". ").Append(item.Title).Append(" (").Append(when).Append(")\n").Append(body).Append('\n');
            if (link is not null) text.Append(s["Open in CustomerPortal"]).Append(": ").Append(link).Append('\n');
            text.Append('\n');
        }
        html.Append("</ol>");
        html.Append($"<hr><p style=\"font-size:12px;color:#555\">{E(s["Choose which messages you get and how:"])} <a href=\"{E(settings)}\">{E(settings)}</a></p>");
        if (unsubscribe is not null) html.Append($"<p style=\"font-size:12px\"><a href=\"{E(unsubscribe)}\">{E(s["Unsubscribe from offers by email"])}</a></p>");
        html.Append("</div></body></html>");

        text.Append("--\n").Append(s["Choose which messages you get and how:"]).Append(' ').Append(settings).Append('\n');
        if (unsubscribe is not null) text.Append(s["Unsubscribe from offers by email"]).Append(": ").Append(unsubscribe).Append('\n');

        var headers = oneClick is null ? null : new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = $"<{oneClick}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
        return new EmailMessage(digest.Customer.Email!, subject, html.ToString(), text.ToString(), d.MessageId, headers);
    });

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
