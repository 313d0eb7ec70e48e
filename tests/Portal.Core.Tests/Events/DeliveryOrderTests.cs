using Portal.Core.Customers;
using Portal.Core.Events;

namespace Portal.Core.Tests.Events;

public sealed class DeliveryOrderTests : IAsyncLifetime
{
    private OutboxDatabase _db = null!;

    public async Task InitializeAsync() => _db = await OutboxDatabase.CreateAsync(TestHandlers.AddFirst);
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Events_of_a_stream_are_delivered_in_the_order_raised()
    {
        await _db.RaiseAsync(new AccountRegistered("u1"), new PasswordChanged("u1"));
        await _db.RaiseAsync(new TwoFactorChanged("u1", true));

        Assert.Equal(3, await _db.DispatchAsync());

        Assert.Equal<IDomainEvent>([new AccountRegistered("u1"), new PasswordChanged("u1"), new TwoFactorChanged("u1", true)], _db.Deliveries.By("first"));
        Assert.All(await _db.MessagesAsync(), m => Assert.Equal(_db.Now, m.ProcessedAtUtc));
    }

    [Fact]
    public async Task A_failing_event_holds_back_its_stream_while_other_streams_go_on()
    {
        _db.Deliveries.FailWhen = (_, e, attempt) => e is AccountRegistered { UserId: "u1" } && attempt == 1;
        await _db.RaiseAsync(new AccountRegistered("u1"), new AccountRegistered("u2"));
        await _db.RaiseAsync(new PasswordChanged("u1"), new PasswordChanged("u2"));

        Assert.Equal(2, await _db.DispatchAsync());
        Assert.Equal<IDomainEvent>([new AccountRegistered("u2"), new PasswordChanged("u2")],
            _db.Deliveries.Seen.Where(s => s.Event.StreamKey == "u2").Select(s => s.Event));
        Assert.Equal<IDomainEvent>([new AccountRegistered("u1")], _db.Deliveries.Seen.Where(s => s.Event.StreamKey == "u1").Select(s => s.Event));

        // Before its retry time the stream stays held back.
        _db.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await _db.DispatchAsync());

        _db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await _db.DispatchAsync());
        Assert.Equal<IDomainEvent>([new AccountRegistered("u1"), new AccountRegistered("u1"), new PasswordChanged("u1")],
            _db.Deliveries.Seen.Where(s => s.Event.StreamKey == "u1").Select(s => s.Event));
    }

    [Fact]
    public async Task An_event_without_handlers_is_marked_processed()
    {
        await _db.RaiseAsync(new SignInSucceeded("u1", "10.0.0.1"));

        Assert.Equal(1, await _db.DispatchAsync());

        Assert.NotNull((await _db.MessagesAsync()).Single().ProcessedAtUtc);
        Assert.Empty(_db.Deliveries.Seen);
    }

    [Fact]
    public async Task Processed_events_are_not_delivered_again()
    {
        await _db.RaiseAsync(new AccountRegistered("u1"));
        await _db.DispatchAsync();

        Assert.Equal(0, await _db.DispatchAsync());
        Assert.Single(_db.Deliveries.Seen);
    }

    [Fact]
    public async Task Streams_longer_than_a_batch_do_not_starve_the_others()
    {
        _db.Options.BatchSize = 2;
        _db.Deliveries.FailWhen = (_, e, _) => e.StreamKey == "u1";
        await _db.RaiseAsync(new AccountRegistered("u1"), new PasswordChanged("u1"), new TwoFactorChanged("u1", true), new TwoFactorChanged("u1", false));
        await _db.RaiseAsync(new AccountRegistered("u2"));

        Assert.Equal(1, await _db.DispatchAsync());
        Assert.Contains(new AccountRegistered("u2"), _db.Deliveries.By("first"));
    }

    [Fact]
    public async Task Handlers_get_the_event_id_time_and_attempt()
    {
        _db.Deliveries.FailWhen = (_, _, attempt) => attempt == 1;
        await _db.RaiseAsync(new AccountRegistered("u1"));
        var message = (await _db.MessagesAsync()).Single();

        await _db.DispatchAsync();
        _db.Clock.Advance(TimeSpan.FromSeconds(5));
        await _db.DispatchAsync();

        Assert.Equal([new EventContext(message.EventId, message.OccurredAtUtc, 1), new EventContext(message.EventId, message.OccurredAtUtc, 2)],
            _db.Deliveries.Seen.Select(s => s.Context));
    }
}
