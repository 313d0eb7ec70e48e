using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Core.Email;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Core.Tests.Email;

public class EmailSenderTests
{
    private static readonly EmailMessage Message = new("layla@example.com", "تأكيد البريد", "<p dir=\"rtl\">مرحباً <a href=\"https://x.test/c?code=1\">link</a></p>", "مرحباً https://x.test/c?code=1");

    [Fact]
    public async Task The_pickup_folder_gets_one_eml_file_per_message_with_both_bodies()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-mail-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sender = new PickupDirectoryEmailSender(new EmailOptions { PickupDirectory = folder });
            await sender.SendAsync(Message);
            await sender.SendAsync(Message with { To = "sam@example.com" });

            var files = Directory.GetFiles(folder, "*.eml");
            Assert.Equal(2, files.Length);
            var mail = files.Select(f => MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Single().Address == "layla@example.com");
            Assert.Equal("تأكيد البريد", mail.Subject);
            Assert.Contains("https://x.test/c?code=1", mail.TextBody);
            Assert.Contains("dir=\"rtl\"", mail.HtmlBody);
            Assert.Equal("no-reply@portal.local", mail.From.Mailboxes.Single().Address);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(SmtpSecurity.Auto)]
    [InlineData(SmtpSecurity.None)]
    [InlineData(SmtpSecurity.StartTlsWhenAvailable)]
    public async Task With_an_SMTP_host_the_message_is_delivered_over_SMTP(SmtpSecurity security)
    {
        var received = await SendThroughLocalServerAsync(security);

        var mail = Assert.Single(received);
        Assert.Equal("layla@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Equal("تأكيد البريد", mail.Subject);
        Assert.Contains("https://x.test/c?code=1", mail.TextBody);
    }

    [Fact]
    public async Task StartTls_refuses_a_server_that_does_not_offer_it_and_sends_nothing()
    {
        var received = new List<MimeMessage>();
        await Assert.ThrowsAsync<NotSupportedException>(() => SendThroughLocalServerAsync(SmtpSecurity.StartTls, received));
        Assert.Empty(received);
    }

    [Theory]
    [InlineData(null, SmtpSecurity.Auto)]
    [InlineData("", SmtpSecurity.Auto)]
    [InlineData("none", SmtpSecurity.None)]
    [InlineData(" StartTls ", SmtpSecurity.StartTls)]
    [InlineData("SSLONCONNECT", SmtpSecurity.SslOnConnect)]
    [InlineData("StartTlsWhenAvailable", SmtpSecurity.StartTlsWhenAvailable)]
    public void The_security_setting_is_read_by_name(string? value, SmtpSecurity expected) =>
        Assert.Equal(expected, EmailOptions.ParseSecurity(value));

    [Theory]
    [InlineData("Tls")]
    [InlineData("3")]
    [InlineData("Ssl")]
    public void An_unknown_security_setting_is_refused_naming_the_choices(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => EmailOptions.ParseSecurity(value));
        Assert.Contains($"Email:Security is \"{value}\"", error.Message);
        Assert.Contains("None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect", error.Message);
    }

    /// <summary>Sends <see cref="Message"/> through a plain-text in-process SMTP server (no STARTTLS offered) and returns what arrived.</summary>
    private static async Task<List<MimeMessage>> SendThroughLocalServerAsync(SmtpSecurity security, List<MimeMessage>? received = null)
    {
        var port = FreePort();
        var store = new CapturingStore(received ?? []);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(),
            services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            var email = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = port, Security = security };
            var provider = new ServiceCollection()
                .AddPortalCore(new PortalCoreOptions { ConnectionString = "Data Source=:memory:", Email = email })
                .BuildServiceProvider();
            var sender = provider.GetRequiredService<IEmailSender>();
            Assert.IsType<SmtpEmailSender>(sender);

            await sender.SendAsync(Message);
            return store.Messages;
        }
        finally
        {
            stop.Cancel();
            server.Shutdown();
            await server.ShutdownTask;
        }
    }

    [Fact]
    public void Without_an_SMTP_host_mail_goes_to_the_pickup_folder()
    {
        var provider = new ServiceCollection()
            .AddPortalCore(new PortalCoreOptions { ConnectionString = "Data Source=:memory:", Email = new EmailOptions() })
            .BuildServiceProvider();
        Assert.IsType<PickupDirectoryEmailSender>(provider.GetRequiredService<IEmailSender>());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CapturingStore(List<MimeMessage> messages) : MessageStore
    {
        public List<MimeMessage> Messages { get; } = messages;

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            lock (Messages) Messages.Add(MimeMessage.Load(new MemoryStream(buffer.ToArray())));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
