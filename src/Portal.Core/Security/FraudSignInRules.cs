using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Security;

/// <summary>
/// The sign-in rules, run on the recorded sign-in events: too many failures in a short window, and a sign-in from a
/// device or a country the account has not used before. One alert per burst of failures.
/// </summary>
public sealed class FraudSignInRules(PortalDbContext db, SecurityAlerts alerts, FraudOptions options) : IHandle<SignInFailed>, IHandle<SignInSucceeded>
{
    public async Task HandleAsync(SignInFailed e, EventContext context, CancellationToken ct)
    {
        if (e.UserId is not { } userId || options.FailedSignInThreshold < 1) return;
        var at = context.OccurredAtUtc;
        var since = at - options.FailedSignInWindow;
        var type = DomainEventTypes.NameOf(typeof(SignInFailed));
        var failures = await db.Set<OutboxMessage>().AsNoTracking()
            .CountAsync(m => m.StreamLookupKey == userId && m.Type == type && m.OccurredAtUtc > since && m.OccurredAtUtc <= at, ct);
        if (failures < options.FailedSignInThreshold) return;
        // The burst already has its alert: the 6th, 7th… failure within the window adds none.
        if (await db.Set<SecurityAlert>().AnyAsync(a => a.CustomerId == userId && a.Kind == AlertKind.FailedSignIns && a.CreatedAtUtc > since, ct)) return;
        await alerts.RaiseAsync(SecurityAlert.For(userId, AlertKind.FailedSignIns, at, e.IpAddress, e.UserAgent, count: failures), ct);
    }

    public async Task HandleAsync(SignInSucceeded e, EventContext context, CancellationToken ct)
    {
        if (e.NewDevice && options.AlertOnNewDevice)
            await alerts.RaiseAsync(SecurityAlert.For(e.UserId, AlertKind.NewDevice, context.OccurredAtUtc, e.IpAddress, e.UserAgent, country: e.Country), ct);
        if (e.NewCountry && options.AlertOnNewCountry)
            await alerts.RaiseAsync(SecurityAlert.For(e.UserId, AlertKind.NewCountry, context.OccurredAtUtc, e.IpAddress, e.UserAgent, country: e.Country), ct);
    }
}
