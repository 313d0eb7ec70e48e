using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using MimeKit;
using Portal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Events;
using Portal.Core.Notifications;
using Portal.Tests.Infrastructure;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Tests.Customers;

/// <summary>The portal sends through an SMTP server on a port where, at first, nobody listens.</summary>
public sealed class SmtpPortalFactory : PortalFactory
{
    public int SmtpPort { get; } = FreePort();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:SmtpHost", "127.0.0.1");
        builder.UseSetting("Email:SmtpPort", SmtpPort.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public class MailOutageTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    [Fact]
    public async Task Registering_while_the_mail_server_is_down_succeeds_and_the_confirmation_arrives_once_when_it_is_back()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();

        var response = await client.RegisterAsync(AccountTestKit.RegisterFields(email));

        // The account exists and the customer is told to check their mail: the mail server was never part of the request.
        response.AssertRedirectTo("/account/register/check-email");
        Assert.NotNull(await factory.FindUserAsync(email));

        // Sending fails while nobody listens; the delivery waits for its retry instead of being lost.
        factory.DeliverNotifications();
        var pending = await factory.WithServiceAsync<NotificationDelivery, PortalDbContext>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.Set<NotificationDelivery>().Include(d => d.Notification), d => d.Notification.Template == AccountEmails.ConfirmEmail
                    && db.Users.Any(u => u.Id == d.CustomerId && u.Email == email)));
        Assert.Equal(DeliveryStatus.Pending, pending.Status);
        Assert.Equal(1, pending.Attempts);
        Assert.NotNull(pending.LastError);

        var store = new CapturingStore();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, factory.SmtpPort))).Build(),
            services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(10));
            factory.DeliverNotifications();
            factory.Clock.Advance(TimeSpan.FromMinutes(10));
            factory.DeliverNotifications();

            var mail = Assert.Single(store.Messages, m => m.To.Mailboxes.Any(a => a.Address == email));
            Assert.Contains("/account/confirm-email", mail.TextBody);
            // The Message-ID is the delivery's: a resend after a crash would be recognisably the same mail.
            Assert.Equal(pending.MessageId, mail.MessageId);
        }
        finally
        {
            stop.Cancel();
            server.Shutdown();
            await server.ShutdownTask;
        }
    }

    private sealed class CapturingStore : MessageStore
    {
        private readonly List<MimeMessage> _messages = [];

        public IReadOnlyList<MimeMessage> Messages { get { lock (_messages) return [.. _messages]; } }

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            lock (_messages) _messages.Add(MimeMessage.Load(new MemoryStream(buffer.ToArray())));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
