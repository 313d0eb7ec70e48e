using Portal.Account;
using Portal.Administration;
using Portal.Analytics;
using Portal.Chat;
using Portal.Customers;
using Portal.Faq;
using Portal.Loyalty;
using Portal.Notifications;
using Portal.Referrals;
using Portal.Security;
using Portal.Segments;
using Portal.SpecialDates;
using Portal.Shell.Modules;
using Portal.Offers;
using Portal.Tickets;

namespace Portal;

/// <summary>Every section of the portal. A new section is one folder per project plus one line here.</summary>
public static class PortalModules
{
    public static IReadOnlyList<PortalModule> All { get; } =
    [
        new CustomersModule(),
        new SecurityModule(),
        new AccountModule(),
        new LoyaltyModule(),
        new ReferralsModule(),
        new OffersModule(),
        new SegmentsModule(),
        new SpecialDatesModule(),
        new AnalyticsModule(),
        new TicketsModule(),
        new ChatModule(),
        new NotificationsModule(),
        new FaqModule(),
        new AdministrationModule(),
    ];
}
