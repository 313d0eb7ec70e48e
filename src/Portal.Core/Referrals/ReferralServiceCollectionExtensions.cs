using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;

namespace Portal.Core.Referrals;

public static class ReferralServiceCollectionExtensions
{
    public static IServiceCollection AddReferrals(this IServiceCollection services, ReferralOptions options) =>
        services.AddOutbox()
            .AddSingleton(options)
            .AddScoped<ReferralProgram>()
            .AddScoped<Security.IHeldItems>(sp => sp.GetRequiredService<ReferralProgram>())
            .AddScoped<ReferralQueries>()
            .AddScoped<ReferralStaffQueries>();
}
