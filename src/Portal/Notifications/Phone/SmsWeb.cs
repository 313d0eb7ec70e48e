using Microsoft.Extensions.Localization;
using Portal.Core.Notifications.Sms;
using Portal.Shell;

namespace Portal.Notifications.Phone;

/// <summary>Links in text messages are absolute, from the portal's public origin.</summary>
public sealed class PublicSmsLinks(PublicLinks links) : ISmsLinks
{
    public string Absolute(string path) => links.Path(path);
}

/// <summary>The code message in the customer's language.</summary>
public sealed class LocalizedPhoneVerificationText(IStringLocalizerFactory factory) : IPhoneVerificationText
{
    public string CodeMessage(string code, string language, TimeSpan lifetime) => CustomerNotifications.InLanguage(language, () =>
        factory.Create(typeof(SharedResource))["{0} is your CustomerPortal verification code. It expires in {1} minutes. Do not share it.",
            code, (int)lifetime.TotalMinutes].Value);
}

public static class SmsWeb
{
    /// <summary>The "Sms" section (paths relative to the content root), the gateway, the SMS channel and phone verification.</summary>
    public static IServiceCollection AddSmsWeb(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var options = config.GetSection("Sms").Get<SmsOptions>() ?? new SmsOptions();
        options.PickupDirectory = Path.GetFullPath(options.PickupDirectory, contentRoot);
        services.AddSingleton<IPhoneVerificationText, LocalizedPhoneVerificationText>();
        services.AddScoped<ISmsLinks, PublicSmsLinks>();
        services.AddSms(options);
        return services;
    }
}
