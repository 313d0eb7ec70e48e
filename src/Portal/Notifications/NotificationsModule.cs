using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Digests;
using Portal.Core.Notifications.Push;
using Portal.Core.Notifications.Sending;
using Portal.Core.Referrals;
using Portal.Core.Tickets;
using Portal.Notifications.Phone;
using Portal.Notifications.Push;
using Portal.Notifications.Staff;
using Portal.Shell.Modules;

namespace Portal.Notifications;

/// <summary>
/// Notifications: events from other sections become messages in the customer's language, delivered by email and to
/// the bell in the header (live over SignalR) as the customer's preferences, quiet hours and frequency allow.
/// </summary>
public sealed class NotificationsModule : PortalModule
{
    public const string Bell = "M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9Zm4.3 13a2 2 0 0 0 3.4 0";

    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddNotifications(builder.Configuration.GetSection("Notifications").Get<NotificationOptions>() ?? new());
        services.AddWebPush(builder.Configuration.GetSection("WebPush").Get<WebPushOptions>() ?? new());
        services.AddSignalR();
        services.AddScoped<INotificationEmailRenderer, NotificationEmailRenderer>();
        services.AddNotificationDigests(builder.Configuration.GetSection(NotificationDigestOptions.Section).Get<NotificationDigestOptions>() ?? new());
        services.AddScoped<INotificationDigestRenderer, NotificationDigestRenderer>();
        services.AddScoped<IInAppNotificationListener, BellBroadcaster>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddScoped<CustomerNotifications>();
        services.AddNotificationSending(builder.Configuration.GetSection("Notifications:Sending").Get<NotificationSendOptions>() ?? new());
        services.AddNotificationSendPolicy();
        services.AddSmsWeb(builder.Configuration, builder.Environment.ContentRootPath);

        services.AddEventHandler<NotificationCreated, WakeNotificationDispatch>("notifications.wake", HandlerTransaction.Own);
        services.AddEventHandler<TicketAgentReplied, TicketNotifications>("notifications.ticket-reply");
        services.AddEventHandler<TicketStatusChanged, TicketNotifications>("notifications.ticket-status");
        services.AddEventHandler<PointsEarned, LoyaltyNotifications>("notifications.points-earned");
        services.AddEventHandler<PointsExpiringSoon, LoyaltyNotifications>("notifications.points-expiring");
        services.AddEventHandler<TierChanged, LoyaltyNotifications>("notifications.tier");
        services.AddEventHandler<RewardRedeemed, LoyaltyNotifications>("notifications.reward");
        services.AddEventHandler<ReferralQualified, ReferralNotifications>("notifications.referral-qualified");
        services.AddEventHandler<ReferralRewarded, ReferralNotifications>("notifications.referral-rewarded");
        services.AddEventHandler<ReferralRejected, ReferralNotifications>("notifications.referral-rejected");
        services.AddEventHandler<Portal.Core.Offers.OfferAvailable, OfferNotifications>("notifications.offer-available");
        services.AddEventHandler<Portal.Core.Offers.OfferExpiringSoon, OfferNotifications>("notifications.offer-expiring");
        services.AddEventHandler<Portal.Core.SpecialDates.SpecialDateRewardAvailable, SpecialDateNotifications>("notifications.special-date");
        services.AddEventHandler<PasswordChanged, SecurityNotifications>("notifications.password");
        services.AddEventHandler<TwoFactorChanged, SecurityNotifications>("notifications.two-factor");
        services.AddEventHandler<Portal.Core.Security.SecurityAlertRaised, SecurityNotifications>("notifications.security-alert");
        services.AddEventHandler<Portal.Core.Security.PhoneNumberChanged, SecurityNotifications>("notifications.phone-changed");
        services.AddEventHandler<EmailChangeRequested, SecurityNotifications>("notifications.email-change");

        services.AddNavigation(
            new NavEntry("/notifications", "Notifications", NavAudience.Customer, NavGroups.Account, 80, Bell, Policies.Customer),
            new NavEntry("/staff/notifications", "Send notifications", NavAudience.Staff, NavGroups.Content, 40, Bell, Policies.Staff));
        services.AddHeaderItem(new HeaderItem("/Notifications/_Bell.cshtml", 0));
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizePage("/Notifications/Index", Policies.Customer);
        pages.AuthorizePage("/Notifications/Inbox", Policies.Customer);
        pages.AuthorizePage("/Notifications/Phone/Phone", Policies.Customer);
        pages.AllowAnonymousToPage("/Notifications/Unsubscribe");
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<NotificationsHub>(NotificationsHub.Path);
        endpoints.MapNotificationLinks();
    }

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer)
    {
        customer.MapNotificationsApi().MapPushApi();
        api.MapNotificationSendApi();
        customer.MapPhoneVerificationApi();
    }
}
