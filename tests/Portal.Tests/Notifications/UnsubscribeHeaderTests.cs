using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Core.Notifications;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

/// <summary>The portal as deployed: emailed links take the configured https origin, never the request's.</summary>
public sealed class PublicOriginPortalFactory : PortalFactory
{
    public const string Origin = "https://portal.example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("PublicOrigin", Origin);
    }
}

/// <summary>RFC 8058 one-click unsubscribe on marketing email, as a mail provider uses it.</summary>
public class UnsubscribeHeaderTests(PublicOriginPortalFactory factory) : IClassFixture<PublicOriginPortalFactory>
{
    [Fact]
    public async Task Marketing_email_names_an_https_one_click_address_and_the_post_unsubscribes_signed_out()
    {
        var customer = await factory.NotifiableCustomerAsync();
        await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
            p.SetAsync(customer.Id, NotificationTopic.Offers, NotificationChannel.Email, true, NotificationPreferences.SourceSettings));
        await factory.NotifyAsync(customer.Id, NotificationTopic.Offers, "Double points this weekend", "/loyalty");
        await factory.DeliverAsync();

        var mail = factory.LastEmailTo(customer.Email!)!;
        Assert.Equal("Double points this weekend", mail.Subject);
        var header = mail.Headers["List-Unsubscribe"]!.Trim();
        Assert.Matches(@"^<https://portal\.example\.com/notifications/unsubscribe/one-click\?token=[^<>\s]+>$", header);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("https://portal.example.com/notifications/unsubscribe?token=", mail.TextBody);
        Assert.Contains("href=\"https://portal.example.com/notifications/unsubscribe?token=", mail.HtmlBody);

        // What a mail provider sends: a POST with that body, no cookie, no antiforgery token.
        var oneClick = new Uri(header.Trim('<', '>'));
        using var anonymous = factory.NewClient();
        var response = await anonymous.Http.PostAsync(oneClick.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var settings = await factory.WithServiceAsync<NotificationSettings, NotificationPreferences>(p => p.ForAsync(customer.Id));
        Assert.False(settings.IsEnabled(NotificationTopic.Offers, NotificationChannel.Email));
        Assert.True(settings.IsEnabled(NotificationTopic.Tickets, NotificationChannel.Email));

        // The next offer is not emailed; a forged token changes nothing.
        await factory.NotifyAsync(customer.Id, NotificationTopic.Offers, "Another offer", "/loyalty");
        await factory.DeliverAsync();
        Assert.Equal("Double points this weekend", factory.LastEmailTo(customer.Email!)!.Subject);
        var forged = await anonymous.Http.PostAsync("/notifications/unsubscribe/one-click?token=forged", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
