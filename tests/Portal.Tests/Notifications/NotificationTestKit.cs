using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Notifications;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

public static class NotificationTestKit
{
    /// <summary>A new customer with a confirmed email, in <paramref name="language"/>.</summary>
    public static async Task<PortalUser> NotifiableCustomerAsync(this PortalFactory factory, string language = Languages.English)
    {
        var customer = await factory.NewCustomerAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByIdAsync(customer.Id))!;
        (user.EmailConfirmed, user.PreferredLanguage) = (true, language);
        await users.UpdateAsync(user);
        return user;
    }

    /// <summary>Delivers pending events (which create notifications), then sends the due deliveries.</summary>
    public static async Task<int> DeliverAsync(this PortalFactory factory)
    {
        factory.DispatchEvents();
        return await Task.Run(() => factory.Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(CancellationToken.None));
    }

    public static Task<Notification?> NotifyAsync(this PortalFactory factory, string customerId, NotificationTopic topic = NotificationTopic.Tickets,
        string title = "Your ticket has a reply", string link = "/tickets/1") =>
        factory.WithServiceAsync<Notification?, Notifier>(n => n.NotifyAsync(
            new NotificationRequest(customerId, topic, "test:" + Guid.NewGuid().ToString("N"), Languages.English, title, "Open it to read the reply.", link)));
}
