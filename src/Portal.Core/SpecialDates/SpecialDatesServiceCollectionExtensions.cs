using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;

namespace Portal.Core.SpecialDates;

public static class SpecialDatesServiceCollectionExtensions
{
    public static IServiceCollection AddSpecialDates(this IServiceCollection services, SpecialDateOptions options) =>
        services.AddOutbox()
            .AddDomainEvent<SpecialDateRewardAvailable>()
            .AddSingleton(options)
            .AddScoped<SpecialDatesProgram>()
            .AddScoped<Security.IHeldItems>(sp => sp.GetRequiredService<SpecialDatesProgram>());
}
