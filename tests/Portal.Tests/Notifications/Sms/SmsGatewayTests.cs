using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Sending;

namespace Portal.Tests.Notifications.Sms;

public class SmsGatewayTests(SmsGatewayPortalFactory factory) : IClassFixture<SmsGatewayPortalFactory>
{
    private async Task<(string Customer, string Phone)> SmsCustomerAsync(string phone)
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.VerifyPhoneAsync(customer.Id, phone);
        await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
            p.SetAsync(customer.Id, NotificationTopic.Tickets, NotificationChannel.Sms, true, NotificationPreferences.SourceSettings));
        return (customer.Id, phone);
    }

    private Task<NotificationDelivery> SmsDeliveryAsync(string customer) =>
        factory.WithServiceAsync<NotificationDelivery, PortalDbContext>(db => db.Set<NotificationDelivery>().AsNoTracking()
            .SingleAsync(d => d.CustomerId == customer && d.Channel == NotificationChannel.Sms));

    private List<(SmsListener.Received Request, JsonElement Message)> RequestsTo(string phone) =>
        factory.Listener.Requests.Select(r => (r, JsonDocument.Parse(r.Body).RootElement.GetProperty("messages")[0]))
            .Where(x => x.Item2.GetProperty("destination").GetString() == phone).ToList();

    [Fact]
    public async Task A_notification_reaches_the_provider_as_the_body_template_with_the_auth_header_and_the_delivery_id()
    {
        var (customer, phone) = await SmsCustomerAsync("+966500000101");

        await factory.NotifyAsync(customer, title: "Your ticket has a reply", link: "/tickets/7");
        await factory.DeliverAsync();

        var (request, message) = Assert.Single(RequestsTo(phone));
        var delivery = await SmsDeliveryAsync(customer);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(SmsGatewayPortalFactory.ApiKey, request.ApiKey);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal(delivery.MessageId, request.IdempotencyKey);
        Assert.Equal(delivery.MessageId, message.GetProperty("ref").GetString());
        Assert.Equal("Portal", message.GetProperty("source").GetString());
        var text = message.GetProperty("body").GetString()!;
        Assert.StartsWith("Your ticket has a reply\nOpen it to read the reply.\nhttp", text);
        Assert.EndsWith("/tickets/7", text);
    }

    [Fact]
    public async Task A_provider_error_is_retried_later_with_the_same_idempotency_key()
    {
        var (customer, phone) = await SmsCustomerAsync("+966500000102");
        factory.Listener.FailNext = 1;

        await factory.NotifyAsync(customer);
        await factory.DeliverAsync();
        var failed = await SmsDeliveryAsync(customer);
        Assert.Equal((DeliveryStatus.Pending, 1), (failed.Status, failed.Attempts));
        Assert.Contains("503", failed.LastError);

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await factory.DeliverAsync();

        var sent = await SmsDeliveryAsync(customer);
        Assert.Equal((DeliveryStatus.Sent, 2), (sent.Status, sent.Attempts));
        var requests = RequestsTo(phone);
        Assert.Equal([503, 202], requests.Select(r => r.Request.Answered));
        Assert.All(requests, r => Assert.Equal(sent.MessageId, r.Request.IdempotencyKey));

        // Both tries are in the log with the provider's answer, on the customer's history and in staff's figures.
        var attempts = await factory.WithServiceAsync<List<NotificationDeliveryAttempt>, PortalDbContext>(db => db.Set<NotificationDeliveryAttempt>()
            .AsNoTracking().Where(a => a.DeliveryId == sent.Id).OrderBy(a => a.Number).ToListAsync());
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Sent], attempts.Select(a => a.Outcome!.Value));
        Assert.Contains("503", attempts[0].Detail);

        var email = (await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByIdAsync(customer)))!.Email!;
        using var browser = factory.NewClient();
        await browser.SignInAsync(email);
        var page = await browser.GetDocumentAsync("/notifications?channel=Sms");
        var item = Assert.Single(page.QuerySelectorAll("#notification-history-list > li"));
        Assert.Equal("2 delivery attempts", item.QuerySelector("details[data-role=attempts] summary")!.TextContent.Trim());
        Assert.Equal(["Failed, tried again", "Sent"],
            item.QuerySelectorAll("details[data-role=attempts] tbody tr [data-role=outcome]").Select(o => o.TextContent.Trim()));

        var stats = await factory.WithServiceAsync<IReadOnlyList<DeliveryStat>, NotificationSends>(s => s.StatsAsync(30));
        var sms = stats.Single(r => r.Topic == NotificationTopic.Tickets && r.Channel == NotificationChannel.Sms);
        Assert.Equal((1, 1, 0), (sms.FailedAttempts, sms.Retried, sms.Failed));
    }

    [Fact]
    public async Task An_unverified_phone_gets_nothing_and_the_history_says_why()
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
            p.SetAsync(customer.Id, NotificationTopic.Tickets, NotificationChannel.Sms, true, NotificationPreferences.SourceSettings));

        await factory.NotifyAsync(customer.Id, title: "Unverified phone test");
        await factory.DeliverAsync();

        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.NoVerifiedPhone), ((await SmsDeliveryAsync(customer.Id)).Status, (await SmsDeliveryAsync(customer.Id)).Reason));
        using var browser = factory.NewClient();
        await browser.SignInAsync(customer.Email!);
        var page = await browser.GetDocumentAsync("/notifications");
        var sms = page.QuerySelectorAll("#notification-history-list li").Single(li => li.GetAttribute("data-channel") == "Sms");
        Assert.Contains("You have no verified phone number", sms.TextContent);
    }
}
