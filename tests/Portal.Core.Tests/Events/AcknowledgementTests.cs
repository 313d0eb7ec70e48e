using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Tests.Events;

public sealed class AcknowledgementTests : IAsyncLifetime
{
    private OutboxDatabase _db = null!;

    public async Task InitializeAsync() => _db = await OutboxDatabase.CreateAsync(TestHandlers.AddBoth);
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_handler_that_succeeded_is_not_run_again_when_another_handler_of_the_event_is_retried()
    {
        _db.Deliveries.FailWhen = (handler, _, attempt) => handler == "second" && attempt == 1;
        await _db.RaiseAsync(new AccountRegistered("u1"));
        var eventId = (await _db.MessagesAsync()).Single().EventId;

        await _db.DispatchAsync();
        _db.Clock.Advance(TimeSpan.FromSeconds(5));
        await _db.DispatchAsync();

        Assert.Single(_db.Deliveries.By("first"));
        Assert.Equal(2, _db.Deliveries.By("second").Count);
        Assert.Equal(1, await _db.EffectsAsync("first", eventId));
        Assert.Equal(1, await _db.EffectsAsync("second", eventId));
        Assert.NotNull((await _db.MessagesAsync()).Single().ProcessedAtUtc);
    }

    [Fact]
    public async Task A_failed_handler_leaves_no_effect_behind()
    {
        _db.Deliveries.FailWhen = (handler, _, _) => handler == "second";
        await _db.RaiseAsync(new AccountRegistered("u1"));
        var eventId = (await _db.MessagesAsync()).Single().EventId;

        await _db.DispatchAsync();

        Assert.Equal(1, await _db.EffectsAsync("first", eventId));
        Assert.Equal(0, await _db.EffectsAsync("second", eventId));
    }

    [Fact]
    public async Task A_crash_between_effect_and_acknowledgement_rolls_the_effect_back_and_redelivery_writes_it_once()
    {
        var crashes = 0;
        _db.Options.BeforeAcknowledge = (_, handler) =>
            handler == "first" && crashes++ == 0 ? throw new IOException("process killed") : Task.CompletedTask;
        await _db.RaiseAsync(new AccountRegistered("u1"));
        var eventId = (await _db.MessagesAsync()).Single().EventId;

        await _db.DispatchAsync();
        Assert.Equal(0, await _db.EffectsAsync("first", eventId));
        Assert.Contains("process killed", (await _db.MessagesAsync()).Single().LastError);

        _db.Clock.Advance(TimeSpan.FromSeconds(5));
        await _db.DispatchAsync();
        await _db.DispatchAsync();

        Assert.Equal(1, await _db.EffectsAsync("first", eventId));
        Assert.Equal(1, await _db.EffectsAsync("second", eventId));
        Assert.Equal(2, _db.Deliveries.By("first").Count);
        Assert.All(_db.Deliveries.Seen, s => Assert.Equal(eventId, s.Context.EventId));
    }

    [Fact]
    public async Task Acknowledgements_name_the_handler_and_the_event()
    {
        await _db.RaiseAsync(new PasswordChanged("u1"));
        var eventId = (await _db.MessagesAsync()).Single().EventId;

        await _db.DispatchAsync();

        var handlers = await _db.UseAsync(sp => Task.FromResult(sp.GetRequiredService<PortalDbContext>().Set<HandledEvent>()
            .Where(h => h.EventId == eventId).Select(h => h.Handler).OrderBy(h => h).ToList()));
        Assert.Equal(["first", "second"], handlers);
    }
}

public sealed class OwnTransactionHandlerTests : IAsyncLifetime
{
    private OutboxDatabase _db = null!;

    public async Task InitializeAsync() => _db = await OutboxDatabase.CreateAsync(services =>
        services.AddEventHandler<AccountRegistered, TransactionalHandler>("own", HandlerTransaction.Own));

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_handler_with_its_own_transaction_runs_and_is_acknowledged_once()
    {
        await _db.RaiseAsync(new AccountRegistered("u1"));
        var eventId = (await _db.MessagesAsync()).Single().EventId;

        await _db.DispatchAsync();
        await _db.DispatchAsync();

        Assert.Equal(1, await _db.EffectsAsync("own", eventId));
        Assert.NotNull((await _db.MessagesAsync()).Single().ProcessedAtUtc);
    }

    private sealed class TransactionalHandler(PortalDbContext db, TimeProvider clock) : IHandle<AccountRegistered>
    {
        public async Task HandleAsync(AccountRegistered e, EventContext context, CancellationToken ct)
        {
            // Like PointsLedger.WriteAsync: a transaction of its own.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Add(new Portal.Core.Administration.AuditEntry("handler", "own", e.UserId, Portal.Core.Administration.AuditAction.Locked, context.EventId.ToString(), clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
    }
}
