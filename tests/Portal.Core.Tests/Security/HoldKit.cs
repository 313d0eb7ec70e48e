using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Security;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Security;

/// <summary>Security steps over any <see cref="CoreDatabase"/>: record a sensitive change, run the hold handler, decide as staff.</summary>
public static class HoldKit
{
    public static Task RecordAsync(CoreDatabase db, IDomainEvent e) => db.UseAsync(async sp =>
    {
        sp.GetRequiredService<Outbox>().Raise(e);
        return await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
    });

    /// <summary>Runs the held-item handler over the stored events, as the dispatcher would (twice: it must add one alert each).</summary>
    public static async Task<List<SecurityAlert>> AlertsAfterDispatchAsync(CoreDatabase db, string customerId)
    {
        foreach (var m in await db.OutboxAsync(DomainEventTypes.NameOf(typeof(ItemHeld))))
            for (var i = 0; i < 2; i++)
                await db.UseAsync(async sp =>
                {
                    var e = (ItemHeld)sp.GetRequiredService<DomainEventTypes>().Deserialize(m.Type, m.Payload);
                    await sp.GetRequiredService<FraudRedemptionRules>().HandleAsync(e, new EventContext(m.EventId, m.OccurredAtUtc, 1), default);
                    return 0;
                });
        return (await db.UseAsync<SecurityAlerts, AlertPage>(a => a.PageAsync(customerId, null, 50))).Items.ToList();
    }

    public static Task<AlertResult> DecideAsync(CoreDatabase db, long alertId, HoldDecision decision, string reason = "Called the customer") =>
        db.UseAsync<HeldRedemptions, AlertResult>(h => h.DecideAsync(alertId, decision, reason, "staff-1", "Nadia"));
}
