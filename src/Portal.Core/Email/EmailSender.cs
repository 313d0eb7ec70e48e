using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Portal.Core.Email;

/// <param name="MessageId">A stable Message-ID (e.g. from the event that caused the mail), so a resend after a crash is recognisably the same message.</param>
/// <param name="Headers">Extra headers, such as List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) on marketing mail.</param>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody, string? MessageId = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>The one way the portal sends email.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public sealed class EmailOptions
{
    public string From { get; set; } = "CustomerPortal <no-reply@portal.local>";

    /// <summary>Where .eml files are written when no SMTP host is set (Development: App_Data/mail).</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>TLS on the SMTP connection; Auto is TLS on connect for port 465, else STARTTLS when the server offers it.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>The setting's value by name (any case); empty is Auto. Anything else stops start-up with the choices.</summary>
    public static SmtpSecurity ParseSecurity(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return SmtpSecurity.Auto;
        var name = value.Trim();
        if (Enum.GetNames<SmtpSecurity>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } known)
            return Enum.Parse<SmtpSecurity>(known);
        throw new InvalidOperationException(
            $"Email:Security is \"{value}\"; set it to one of {string.Join(", ", Enum.GetNames<SmtpSecurity>())} (default Auto).");
    }
}

/// <summary>How the SMTP connection is secured: MailKit's choices, by name.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same host or a private network.</summary>
    None,
    Auto,
    /// <summary>STARTTLS, and fail when the server does not offer it.</summary>
    StartTls,
    StartTlsWhenAvailable,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

internal static class Mime
{
    public static MimeMessage Build(EmailOptions options, EmailMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        if (message.MessageId is { } id) mime.MessageId = id;
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>()) mime.Headers.Add(name, value);
        mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = message.TextBody }.ToMessageBody();
        return mime;
    }
}

/// <summary>Writes each message as an .eml file so links in it can be followed without a mail server.</summary>
public sealed class PickupDirectoryEmailSender(EmailOptions options, TimeProvider? clock = null) : IEmailSender
{
    private static long _sequence;

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        Directory.CreateDirectory(options.PickupDirectory);
        // Names sort in sending order, even when a test clock stands still.
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var name = $"{now:yyyyMMddHHmmssfff}-{Interlocked.Increment(ref _sequence):D9}-{Guid.NewGuid():N}.eml";
        await Mime.Build(options, message).WriteToAsync(Path.Combine(options.PickupDirectory, name), ct);
    }
}

public sealed class SmtpEmailSender(EmailOptions options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(options.SmtpHost!, options.SmtpPort, SocketOptions(options.Security), ct);
        if (!string.IsNullOrEmpty(options.SmtpUser))
            await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", ct);
        await client.SendAsync(Mime.Build(options, message), ct);
        await client.DisconnectAsync(true, ct);
    }

    public static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
