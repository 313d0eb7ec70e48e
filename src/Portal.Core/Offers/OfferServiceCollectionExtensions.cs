using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.Offers;

public static class OfferServiceCollectionExtensions
{
    public static IServiceCollection AddOffers(this IServiceCollection services) =>
        services.AddOutbox()
            .AddDomainEvent<OfferAvailable>()
            .AddDomainEvent<OfferExpiringSoon>()
            .AddDomainEvent<OfferActivated>()
            .AddDomainEvent<OfferRedeemed>()
            .AddScoped<OfferService>()
            .AddSingleton<OfferPageCache>()
            .AddScoped<IPurchaseOffers>(sp => sp.GetRequiredService<OfferService>())
            .AddScoped<Security.IHeldItems>(sp => sp.GetRequiredService<OfferService>())
            .AddScoped<OfferAdmin>()
            .AddScoped<SpecialDates.ISpecialDateOfferIssuer, SpecialDateOfferIssuer>();
}
