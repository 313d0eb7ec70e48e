using System.Buffers;
using System.Net;
using MimeKit;
using Portal.Core.Notifications;
using Portal.Tests.Customers;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Tests.Notifications;

/// <summary>Marketing email through a real SMTP server that is down at first: retried, then delivered once with its headers.</summary>
public class NotificationSmtpTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    [Fact]
    public async Task An_offer_waits_out_a_mail_outage_and_arrives_with_one_click_unsubscribe_and_its_first_message_id()
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
            p.SetAsync(customer.Id, NotificationTopic.Offers, NotificationChannel.Email, true, NotificationPreferences.SourceSettings));
        await factory.NotifyAsync(customer.Id, NotificationTopic.Offers, "Double points this weekend", "/loyalty");

        await factory.DeliverAsync();
        var waiting = Assert.Single((await factory.WithServiceAsync<Paged<HistoryItem>, NotificationInbox>(i =>
            i.HistoryAsync(customer.Id, 1, channel: NotificationChannel.Email))).Items);
        Assert.Equal(DeliveryStatus.Pending, waiting.Status);
        Assert.Equal(1, waiting.Attempts);

        var store = new CapturingStore();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, factory.SmtpPort))).Build(),
            services);
        using var stop = new CancellationTokenSource();
        _ = server.StartAsync(stop.Token);
        try
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            await factory.DeliverAsync();

            var mail = Assert.Single(store.Messages, m => m.To.Mailboxes.Any(a => a.Address == customer.Email));
            Assert.Equal("Double points this weekend", mail.Subject);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
            Assert.Contains("/notifications/unsubscribe/one-click?token=", mail.Headers["List-Unsubscribe"]);
            Assert.Contains("/notifications/unsubscribe?token=", mail.TextBody);
            var sent = Assert.Single((await factory.WithServiceAsync<Paged<HistoryItem>, NotificationInbox>(i =>
                i.HistoryAsync(customer.Id, 1, channel: NotificationChannel.Email))).Items);
            Assert.Equal((DeliveryStatus.Sent, 2), (sent.Status, sent.Attempts));
            Assert.EndsWith("@notifications.portal", mail.MessageId);
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
