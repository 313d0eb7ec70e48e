using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Portal.Core.Loyalty;

namespace Portal.Core.Common;

/// <summary>
/// The portal's own traces (jobs, event handlers) and business counters. Exported over OTLP by the web app when
/// an endpoint is configured; readable with dotnet-counters ("Portal") otherwise.
/// </summary>
public static class PortalTelemetry
{
    public const string Name = "Portal";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Purchases = Meter.CreateCounter<long>("portal.purchases", "{purchase}", "Purchases recorded");
    private static readonly Counter<long> PointsAwarded = Meter.CreateCounter<long>("portal.points.awarded", "{point}", "Points credited, by kind");
    private static readonly Counter<long> PointsSpent = Meter.CreateCounter<long>("portal.points.debited", "{point}", "Points debited, by kind");
    private static readonly Counter<long> Redemptions = Meter.CreateCounter<long>("portal.redemptions", "{redemption}", "Rewards redeemed");
    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("portal.notifications.deliveries", "{delivery}", "Notification deliveries finished, by channel and status");
    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("portal.jobs.runs", "{run}", "Periodic job runs, by job and outcome");
    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("portal.jobs.duration", "s", "Periodic job run time");
    private static readonly Counter<long> EventsHandled = Meter.CreateCounter<long>("portal.events.handled", "{event}", "Domain events handled, by event and outcome");

    /// <summary>What a ledger write is adding, taken before it is saved (afterwards the rows are no longer "Added").</summary>
    public static LedgerChanges Capture(ChangeTracker tracker) => new(
        [.. tracker.Entries<PointsEntry>().Where(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Added).Select(e => (e.Entity.Kind, e.Entity.Points))],
        tracker.Entries<Purchase>().Count(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Added),
        tracker.Entries<Redemption>().Count(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Added));

    /// <summary>Counted only once committed: a rolled-back or replayed write moved nothing.</summary>
    public static void Committed(LedgerChanges changes)
    {
        if (changes.Purchases > 0) Purchases.Add(changes.Purchases);
        if (changes.Redemptions > 0) Redemptions.Add(changes.Redemptions);
        foreach (var (kind, points) in changes.Entries)
        {
            var tag = new KeyValuePair<string, object?>("kind", kind.ToString());
            if (points > 0) PointsAwarded.Add(points, tag);
            else if (points < 0) PointsSpent.Add(-points, tag);
        }
    }

    public static void DeliveryFinished(string channel, string status) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("status", status));

    public static void JobFinished(string job, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        JobRuns.Add(1, tags);
        JobDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void EventHandled(string eventType, string outcome) =>
        EventsHandled.Add(1, new KeyValuePair<string, object?>("event", eventType), new KeyValuePair<string, object?>("outcome", outcome));

    public sealed record LedgerChanges(IReadOnlyList<(PointsEntryKind Kind, long Points)> Entries, int Purchases, int Redemptions);
}
