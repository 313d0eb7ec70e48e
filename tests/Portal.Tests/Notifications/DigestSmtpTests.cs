using System.Buffers;
using System.Net;
using MimeKit;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Digests;
using Portal.Tests.Customers;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Tests.Notifications;

/// <summary>A daily digest through a real SMTP server, in Arabic: one email at 08:00 Riyadh time with every waiting message.</summary>
public class DigestSmtpTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    [Fact]
    public async Task Four_waiting_points_messages_arrive_as_one_arabic_digest_at_0800_and_the_history_says_so()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);
        await factory.WithServiceAsync<int, NotificationPreferences>(async p =>
        {
            await p.SetFrequencyAsync(customer.Id, NotificationTopic.PointsRewards, NotificationFrequency.Daily);
            await p.SetAsync(customer.Id, NotificationTopic.Offers, NotificationChannel.Email, true, NotificationPreferences.SourceSettings);
            await p.SetFrequencyAsync(customer.Id, NotificationTopic.Offers, NotificationFrequency.Daily);
            return 0;
        });
        for (var i = 1; i <= 4; i++)
            await factory.WithServiceAsync<Notification?, Notifier>(n => n.NotifyAsync(new NotificationRequest(customer.Id, NotificationTopic.PointsRewards,
                $"test:digest:{i}", Languages.Arabic, $"ربحت {i * 10} نقطة", "شكرًا لتسوقك معنا.", "/loyalty")));
        await factory.WithServiceAsync<Notification?, Notifier>(n => n.NotifyAsync(new NotificationRequest(customer.Id, NotificationTopic.Offers,
            "test:digest:offer", Languages.Arabic, "نقاط مضاعفة", "هذا الأسبوع فقط.", "/offers")));
        await factory.DeliverAsync();

        var riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");
        var eight = DigestSchedule.NextSlotUtc(NotificationFrequency.Daily, factory.Clock.GetUtcNow().UtcDateTime, riyadh, null, new())!.Value;

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
            factory.Clock.Now = new DateTimeOffset(eight.AddMinutes(-1), TimeSpan.Zero);
            Assert.Equal(0, await RunDigestsAsync());
            factory.Clock.Now = new DateTimeOffset(eight, TimeSpan.Zero);
            Assert.Equal(2, await RunDigestsAsync());
            Assert.Equal(0, await RunDigestsAsync());

            var mails = store.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == customer.Email)).ToList();
            Assert.Equal(2, mails.Count);
            var points = Assert.Single(mails, m => m.Subject!.Contains("النقاط"));
            Assert.StartsWith("ملخصك اليومي: ", points.Subject);
            Assert.EndsWith("— 4 رسائل", points.Subject);
            Assert.EndsWith("@digests.portal", points.MessageId);
            Assert.Contains("dir=\"rtl\"", points.HtmlBody);
            Assert.Contains("lang=\"ar\"", points.HtmlBody);
            for (var i = 1; i <= 4; i++)
            {
                Assert.Contains($"ربحت {i * 10} نقطة", points.TextBody);
                Assert.Contains($"ربحت {i * 10} نقطة", points.HtmlBody);
            }
            Assert.Contains("/loyalty", points.TextBody);
            Assert.False(points.Headers.Contains("List-Unsubscribe"));

            var offers = Assert.Single(mails, m => m != points);
            Assert.EndsWith("رسالة واحدة", offers.Subject);
            Assert.Equal("List-Unsubscribe=One-Click", offers.Headers["List-Unsubscribe-Post"]);
            Assert.Contains("/notifications/unsubscribe/one-click?token=", offers.Headers["List-Unsubscribe"]);
            Assert.Contains("/notifications/unsubscribe?token=", offers.TextBody);

            var history = await factory.WithServiceAsync<Paged<HistoryItem>, NotificationInbox>(i =>
                i.HistoryAsync(customer.Id, 1, channel: NotificationChannel.Email));
            Assert.Equal(5, history.Total);
            Assert.All(history.Items, h => Assert.Equal((DeliveryStatus.InDigest, eight), (h.Status, h.SentAtUtc)));
        }
        finally
        {
            stop.Cancel();
            server.Shutdown();
            await server.ShutdownTask;
        }
    }

    private Task<int> RunDigestsAsync() =>
        Task.Run(() => factory.WithServiceAsync<int, NotificationDigests>(d => d.RunAsync(CancellationToken.None)));

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
