using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Email;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

/// <summary>Email:Security from configuration: bound by name, and a value MailKit does not know stops start-up.</summary>
public class EmailSecuritySettingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public void The_setting_is_bound_by_name_and_reaches_the_SMTP_sender()
    {
        using var configured = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Email:SmtpHost", "127.0.0.1");
            b.UseSetting("Email:Security", "starttls");
        });

        Assert.Equal(SmtpSecurity.StartTls, configured.Services.GetRequiredService<EmailOptions>().Security);
        Assert.IsType<SmtpEmailSender>(configured.Services.GetRequiredService<IEmailSender>());
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTls, SmtpEmailSender.SocketOptions(SmtpSecurity.StartTls));
    }

    [Fact]
    public void Left_out_it_is_Auto()
    {
        Assert.Equal(SmtpSecurity.Auto, factory.Services.GetRequiredService<EmailOptions>().Security);
    }

    [Fact]
    public void An_unknown_value_stops_start_up_with_a_message_naming_the_choices()
    {
        using var configured = factory.WithWebHostBuilder(b => b.UseSetting("Email:Security", "TLS1.2"));

        var error = Assert.ThrowsAny<Exception>(() => configured.Services);

        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException) messages.Add(e.Message);
        Assert.Contains(messages, m => m.Contains("Email:Security is \"TLS1.2\"") && m.Contains("None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect"));
    }
}
