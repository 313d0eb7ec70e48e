using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

/// <summary>
/// The app with every folder it keeps files in (mail and SMS pickup, attachments, exports, keys) under
/// <see cref="PortalFactory.DataDirectory"/>, so a test can search everything the portal keeps.
/// </summary>
public sealed class AccountDataPortalFactory : PortalFactory
{
    public string SmsDirectory => Path.Combine(DataDirectory, "sms");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sms:PickupDirectory", SmsDirectory);
        builder.UseSetting("Tickets:AttachmentsDirectory", Path.Combine(DataDirectory, "attachments"));
        builder.UseSetting("Account:ExportsDirectory", Path.Combine(DataDirectory, "exports"));
    }
}
