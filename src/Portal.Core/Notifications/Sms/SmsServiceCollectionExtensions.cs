using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Notifications.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// The SMS gateway (HTTP when <see cref="SmsOptions.Url"/> is set, files otherwise), the SMS notification channel
    /// and phone verification. The host may add <see cref="ISmsLinks"/> and a translated <see cref="IPhoneVerificationText"/>.
    /// </summary>
    public static IServiceCollection AddSms(this IServiceCollection services, SmsOptions options)
    {
        services.TryAddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.Url))
            services.TryAddSingleton<ISmsGateway, FileSmsGateway>();
        else
            services.TryAddSingleton<ISmsGateway>(sp => new HttpSmsGateway(options, new HttpClient { Timeout = options.Timeout }));
        services.TryAddSingleton<IPhoneVerificationText, EnglishPhoneVerificationText>();
        services.TryAddScoped<PhoneVerificationService>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<INotificationChannel, SmsChannel>());
        return services;
    }
}
