using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class EmailLinkOriginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_forged_Host_header_cannot_redirect_a_reset_link_when_PublicOrigin_is_set()
    {
        var email = await factory.CreateCustomerAsync();
        using var configured = factory.WithWebHostBuilder(b => b.UseSetting("PublicOrigin", "https://portal.example.com"));
        using var client = new PortalClient(configured.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = factory.ClientOptions.BaseAddress,
        }));
        client.Http.DefaultRequestHeaders.Host = "evil.example.net";

        await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = email });

        // The instance with PublicOrigin delivers the event and sends the mail; it goes to the shared folder.
        PortalFactory.DispatchEvents(configured.Services);
        await configured.Services.GetRequiredService<Portal.Core.Notifications.NotificationDispatcher>().DispatchAsync(CancellationToken.None);
        var link = factory.LinkInLastEmailTo(email);
        Assert.Equal("portal.example.com", link.Host);
        Assert.Equal("https", link.Scheme);
    }
}
