using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Jobs;

namespace Portal.Core.Tests.Events;

/// <summary>
/// A real SQLite file migrated like production, the outbox and jobs registered (no background loop), two test
/// handlers that write an effect row, and a clock whose timers fire only when the test moves it.
/// </summary>
public sealed class OutboxDatabase : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"portal-outbox-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _services;

    public SteppedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public Deliveries Deliveries { get; } = new();
    public OutboxOptions Options => _services.GetRequiredService<OutboxOptions>();
    public OutboxSignal Signal => _services.GetRequiredService<OutboxSignal>();
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private OutboxDatabase(Action<IServiceCollection>? configure)
    {
        var connection = $"Data Source={_file};Pooling=False";
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(Deliveries)
            .AddOutbox()
            .AddDbContext<PortalDbContext, SqlitePortalDbContext>((sp, o) => o.UseSqlite(connection)
                .AddInterceptors(new SqliteBusyTimeout(), sp.GetRequiredService<OutboxSaveChangesInterceptor>()))
            .AddPortalJobs(o => o.RunInBackground = false);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public static async Task<OutboxDatabase> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        var db = new OutboxDatabase(configure);
        await db.UseAsync(async sp =>
        {
            var context = sp.GetRequiredService<PortalDbContext>();
            await context.Database.MigrateAsync();
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            return 0;
        });
        return db;
    }

    /// <summary>Each call is a fresh scope, like a fresh request.</summary>
    public async Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    public Task UseAsync(Func<IServiceProvider, Task> use) => UseAsync(async sp => { await use(sp); return 0; });

    /// <summary>Raises the events and saves them with one business row, as a feature would.</summary>
    public Task RaiseAsync(params IDomainEvent[] events) => UseAsync(async sp =>
    {
        var db = sp.GetRequiredService<PortalDbContext>();
        var outbox = sp.GetRequiredService<Outbox>();
        db.Add(new AuditEntry("actor", "business", "target", AuditAction.Locked, "business change", Now));
        foreach (var e in events) outbox.Raise(e);
        await db.SaveChangesAsync();
    });

    public Task<int> DispatchAsync() => _services.GetRequiredService<OutboxDispatcher>().DispatchAsync(CancellationToken.None);

    public JobRunner Runner => _services.GetRequiredService<JobRunner>();

    /// <summary>A second runner over the same database, as on another instance.</summary>
    public JobRunner NewRunner() => new(_services.GetRequiredService<IServiceScopeFactory>(), _services.GetRequiredService<JobRegistry>(), Clock,
        NullLogger<JobRunner>.Instance);

    public Task<List<OutboxMessage>> MessagesAsync() =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    public Task<JobState> JobAsync(string name) =>
        UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<JobState>().AsNoTracking().SingleAsync(s => s.Name == name));

    /// <summary>Effect rows a handler wrote for an event.</summary>
    public Task<int> EffectsAsync(string handler, Guid eventId) => UseAsync(sp =>
    {
        var detail = eventId.ToString();
        return sp.GetRequiredService<PortalDbContext>().AuditEntries.CountAsync(a => a.ActorName == handler && a.Detail == detail);
    });

    public Task<int> AuditCountAsync() => UseAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEntries.CountAsync());

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(path);
    }
}

/// <summary>What the test handlers saw, and when they should fail.</summary>
public sealed class Deliveries
{
    private readonly List<(string Handler, IDomainEvent Event, EventContext Context)> _seen = [];

    /// <summary>(handler, event, attempt) → throw?</summary>
    public Func<string, IDomainEvent, int, bool> FailWhen { get; set; } = (_, _, _) => false;

    public void Add(string handler, IDomainEvent e, EventContext context)
    {
        lock (_seen) _seen.Add((handler, e, context));
    }

    public IReadOnlyList<(string Handler, IDomainEvent Event, EventContext Context)> Seen
    {
        get { lock (_seen) return _seen.ToList(); }
    }

    public IReadOnlyList<IDomainEvent> By(string handler) => Seen.Where(s => s.Handler == handler).Select(s => s.Event).ToList();
}

/// <summary>Writes an effect row (an AuditEntry naming the handler and the event id) for every event it handles.</summary>
public abstract class EffectHandler(string name, PortalDbContext db, Deliveries deliveries, TimeProvider clock)
    : IHandle<AccountRegistered>, IHandle<PasswordChanged>, IHandle<TwoFactorChanged>
{
    public Task HandleAsync(AccountRegistered e, EventContext context, CancellationToken ct) => Handle(e, context, ct);
    public Task HandleAsync(PasswordChanged e, EventContext context, CancellationToken ct) => Handle(e, context, ct);
    public Task HandleAsync(TwoFactorChanged e, EventContext context, CancellationToken ct) => Handle(e, context, ct);

    private async Task Handle(IDomainEvent e, EventContext context, CancellationToken ct)
    {
        deliveries.Add(name, e, context);
        db.Add(new AuditEntry("handler", name, e.StreamKey, AuditAction.Locked, context.EventId.ToString(), clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        if (deliveries.FailWhen(name, e, context.Attempt)) throw new InvalidOperationException($"{name} failed on attempt {context.Attempt}");
    }
}

public sealed class FirstHandler(PortalDbContext db, Deliveries deliveries, TimeProvider clock) : EffectHandler("first", db, deliveries, clock);

public sealed class SecondHandler(PortalDbContext db, Deliveries deliveries, TimeProvider clock) : EffectHandler("second", db, deliveries, clock);

public static class TestHandlers
{
    /// <summary>"first" and "second" both handle AccountRegistered, PasswordChanged and TwoFactorChanged.</summary>
    public static void AddBoth(IServiceCollection services)
    {
        AddFirst(services);
        services.AddEventHandler<AccountRegistered, SecondHandler>("second");
        services.AddEventHandler<PasswordChanged, SecondHandler>("second");
        services.AddEventHandler<TwoFactorChanged, SecondHandler>("second");
    }

    public static void AddFirst(IServiceCollection services)
    {
        services.AddEventHandler<AccountRegistered, FirstHandler>("first");
        services.AddEventHandler<PasswordChanged, FirstHandler>("first");
        services.AddEventHandler<TwoFactorChanged, FirstHandler>("first");
    }
}

/// <summary>A clock that moves only when told to, and whose timers (time limits) fire only then.</summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<SteppedTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        List<SteppedTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).ToList();
            foreach (var timer in due) timer.DueAt = timer.Period > TimeSpan.Zero ? _now + timer.Period : null;
        }
        foreach (var timer in due) timer.Callback(timer.State);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate) _timers.Add(timer);
        return timer;
    }

    private sealed class SteppedTimer(SteppedClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback => callback;
        public object? State => state;
        public DateTimeOffset? DueAt { get; set; }
        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
