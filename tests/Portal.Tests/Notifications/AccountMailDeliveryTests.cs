using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

/// <summary>Confirmation and reset mail go through the same deliveries as every notification.</summary>
public class AccountMailDeliveryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<List<NotificationDelivery>> DeliveriesAsync(string customerId) =>
        factory.WithServiceAsync<List<NotificationDelivery>, PortalDbContext>(db =>
            db.Set<NotificationDelivery>().Include(d => d.Notification).Where(d => d.CustomerId == customerId).ToListAsync());

    [Fact]
    public async Task A_password_reset_is_sent_recorded_in_the_history_under_security_and_its_secret_is_not_stored()
    {
        var email = await factory.CreateCustomerAsync(language: Languages.Arabic);
        var user = (await factory.FindUserAsync(email))!;
        using var client = factory.NewClient();

        await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = email });
        var mail = factory.LastEmailTo(email)!;

        var reset = Assert.Single(await DeliveriesAsync(user.Id), d => d.Notification.Template == AccountEmails.ResetPassword);
        Assert.Equal((NotificationTopic.Security, NotificationChannel.Email, DeliveryStatus.Sent), (reset.Topic, reset.Channel, reset.Status));
        Assert.Equal(reset.MessageId, mail.MessageId);
        Assert.Equal("إعادة تعيين كلمة المرور", reset.Notification.Title);
        var code = System.Web.HttpUtility.ParseQueryString(factory.LinkInLastEmailTo(email).Query)["code"]!;
        Assert.DoesNotContain(code, reset.Notification.Body + reset.Notification.Title + reset.Notification.Link);
        var history = await factory.WithServiceAsync<Paged<HistoryItem>, NotificationInbox>(i => i.HistoryAsync(user.Id, 1));
        Assert.Contains(history.Items, h => h.Title == "إعادة تعيين كلمة المرور" && h.Status == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task A_confirmation_whose_address_was_confirmed_before_its_turn_is_not_sent()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();
        await client.RegisterAsync(AccountTestKit.RegisterFields(email));
        factory.DispatchEvents();
        var user = (await factory.FindUserAsync(email))!;
        await factory.WithServiceAsync<IdentityResult, UserManager<PortalUser>>(async users =>
        {
            var stored = (await users.FindByIdAsync(user.Id))!;
            return await users.ConfirmEmailAsync(stored, await users.GenerateEmailConfirmationTokenAsync(stored));
        });

        Assert.Null(factory.LastEmailTo(email));

        var confirm = Assert.Single(await DeliveriesAsync(user.Id), d => d.Notification.Template == AccountEmails.ConfirmEmail);
        Assert.Equal((DeliveryStatus.Suppressed, DeliveryReasons.NoLongerNeeded), (confirm.Status, confirm.Reason));
    }
}
