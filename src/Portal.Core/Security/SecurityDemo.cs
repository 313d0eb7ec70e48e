using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Demo;

namespace Portal.Core.Security;

/// <summary>
/// Sam has one open alert: a sign-in from a new phone two days ago, so /security shows the alert card. Older than the
/// hold window, so his redemptions, claims and offer codes in the demo are not held.
/// </summary>
public sealed class SecurityDemo(PortalDbContext db, SecurityAlerts alerts, TimeProvider clock) : IDemoData
{
    public int Order => 50;

    public async Task SeedAsync(DemoDataOptions options, CancellationToken ct)
    {
        var sam = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == "customer@demo.local", ct);
        if (sam is null || await db.Set<SecurityAlert>().AnyAsync(a => a.CustomerId == sam.Id, ct)) return;
        var at = clock.GetUtcNow().UtcDateTime.AddDays(-2).AddHours(-3);
        await alerts.RaiseAsync(SecurityAlert.For(sam.Id, AlertKind.NewDevice, at, "203.0.113.24",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", country: "AE"), ct);
    }
}
