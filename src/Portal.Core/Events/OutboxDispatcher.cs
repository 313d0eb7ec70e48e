using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;

namespace Portal.Core.Events;

public sealed class OutboxOptions
{
    /// <summary>Deliveries tried before a message becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Pending messages read per query.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Test hook: runs after a handler's effect and before its acknowledgement is saved, in the same transaction.
    /// Throwing here behaves like a crash at the worst moment.
    /// </summary>
    internal Func<OutboxMessage, string, Task>? BeforeAcknowledge { get; set; }

    internal TimeSpan RetryDelay(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstRetry.Ticks * factor, MaxRetry.Ticks));
        return delay < MaxRetry ? delay : MaxRetry;
    }
}

/// <summary>
/// Delivers saved events to their handlers. Within a stream, messages go in Id order and a message that failed (or
/// waits for its retry) holds back the later ones until it succeeds or becomes a dead letter; other streams go on.
/// Each handler runs in a fresh scope and transaction that also writes its <see cref="HandledEvent"/>, so a
/// redelivery skips handlers that already succeeded.
/// <para>
/// Not safe to run on two instances at once by itself: it runs as the periodic job "outbox-dispatcher"
/// (<see cref="OutboxDispatcherJob"/>), and the job lease lets only one instance run it at a time. (Were two to
/// overlap anyway, the HandledEvent key still stops a database effect from being written twice.)
/// </para>
/// <para>
/// Order follows Id, which is commit order on SQLite. On PostgreSQL two transactions raising events for the same
/// stream at the same moment may commit out of Id order; streams are per customer, so that is rare and harmless
/// for the notifications this carries.
/// </para>
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, DomainEventTypes types, EventHandlerRegistry handlers,
    OutboxOptions options, TimeProvider clock, ILogger<OutboxDispatcher> log)
{
    /// <summary>Delivers every message due now; returns how many were completed (processed or dead-lettered).</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        // Messages saved while this pass runs wait for the next pass, so a pass always ends.
        var lastId = await db.Set<OutboxMessage>().MaxAsync(m => (long?)m.Id, ct) ?? 0;
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        var done = 0;
        for (long after = 0; ;)
        {
            var batch = await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.ProcessedAtUtc == null && m.DeadLetteredAtUtc == null && m.Id > after && m.Id <= lastId)
                .OrderBy(m => m.Id).Take(options.BatchSize).ToListAsync(ct);
            if (batch.Count == 0) return done;
            after = batch[^1].Id;
            foreach (var message in batch)
            {
                if (blocked.Contains(message.StreamKey)) continue;
                if (message.NextAttemptAtUtc > Now())
                {
                    blocked.Add(message.StreamKey);
                    continue;
                }
                switch (await DeliverAsync(db, message, ct))
                {
                    case Outcome.Processed or Outcome.DeadLettered: done++; break;
                    case Outcome.Retry: blocked.Add(message.StreamKey); break;
                }
            }
        }
    }

    private enum Outcome { Processed, Retry, DeadLettered }

    private async Task<Outcome> DeliverAsync(PortalDbContext db, OutboxMessage message, CancellationToken ct)
    {
        var context = new EventContext(message.EventId, message.OccurredAtUtc, message.Attempts + 1);
        string? failedHandler = null;
        using var activity = Common.PortalTelemetry.Source.StartActivity("event " + message.Type);
        activity?.SetTag("portal.event", message.Type);
        activity?.SetTag("portal.event_id", message.EventId.ToString());
        try
        {
            var e = types.Deserialize(message.Type, message.Payload);
            foreach (var handler in handlers.For(e.GetType()))
            {
                failedHandler = handler.Name;
                await HandleAsync(message, e, handler, context, ct);
            }
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.GetType().Name);
            Common.PortalTelemetry.EventHandled(message.Type, "failed");
            return await FailAsync(db, message, failedHandler, error);
        }
        Common.PortalTelemetry.EventHandled(message.Type, "processed");

        var now = Now();
        await db.Set<OutboxMessage>().Where(m => m.Id == message.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAtUtc, now).SetProperty(m => m.NextAttemptAtUtc, (DateTime?)null), ct);
        return Outcome.Processed;
    }

    private async Task HandleAsync(OutboxMessage message, IDomainEvent e, EventHandlerRegistration handler, EventContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var handled = db.Set<HandledEvent>();

        if (handler.Transaction == HandlerTransaction.Own)
        {
            if (await handled.AnyAsync(h => h.EventId == message.EventId && h.Handler == handler.Name, ct)) return;
            await handler.InvokeAsync(scope.ServiceProvider, e, context, ct);
            if (options.BeforeAcknowledge is { } ownHook) await ownHook(message, handler.Name);
            db.ChangeTracker.Clear();
            handled.Add(new HandledEvent { EventId = message.EventId, Handler = handler.Name, HandledAtUtc = Now() });
            await db.SaveChangesAsync(ct);
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await handled.AnyAsync(h => h.EventId == message.EventId && h.Handler == handler.Name, ct)) return;
        await handler.InvokeAsync(scope.ServiceProvider, e, context, ct);
        await db.SaveChangesAsync(ct);
        if (options.BeforeAcknowledge is { } hook) await hook(message, handler.Name);
        handled.Add(new HandledEvent { EventId = message.EventId, Handler = handler.Name, HandledAtUtc = Now() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<Outcome> FailAsync(PortalDbContext db, OutboxMessage message, string? handler, Exception error)
    {
        var attempts = message.Attempts + 1;
        var now = Now();
        var dead = attempts >= options.MaxAttempts;
        DateTime? next = dead ? null : now + options.RetryDelay(attempts);
        DateTime? deadAt = dead ? now : null;
        var text = Truncate($"{(handler is null ? "" : handler + ": ")}{error.GetType().Name}: {error.Message}", OutboxMessageConfiguration.MaxErrorLength);
        if (dead) log.LogError(error, "Event {EventId} ({Type}) is a dead letter after {Attempts} attempts", message.EventId, message.Type, attempts);
        else log.LogWarning(error, "Event {EventId} ({Type}) failed (attempt {Attempts}); retry at {Next}", message.EventId, message.Type, attempts, next);

        // Recorded even when the pass is being cancelled: the failure happened.
        await db.Set<OutboxMessage>().Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, text)
            .SetProperty(m => m.NextAttemptAtUtc, next)
            .SetProperty(m => m.DeadLetteredAtUtc, deadAt), CancellationToken.None);
        return dead ? Outcome.DeadLettered : Outcome.Retry;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
