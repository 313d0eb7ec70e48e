using Portal.Core.Customers;
using Portal.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Tests.Events;

public sealed class RetryTests : IAsyncLifetime
{
    private OutboxDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await OutboxDatabase.CreateAsync(TestHandlers.AddFirst);
        _db.Options.MaxAttempts = 4;
        _db.Deliveries.FailWhen = (_, e, _) => e is AccountRegistered;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_failing_handler_is_retried_with_exponential_backoff()
    {
        await _db.RaiseAsync(new AccountRegistered("u1"));
        var raisedAt = _db.Now;

        await _db.DispatchAsync();
        var failed = (await _db.MessagesAsync()).Single();
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(raisedAt.AddSeconds(5), failed.NextAttemptAtUtc);
        Assert.StartsWith("first: InvalidOperationException: first failed on attempt 1", failed.LastError);
        Assert.Null(failed.ProcessedAtUtc);

        _db.Clock.Advance(TimeSpan.FromSeconds(5));
        await _db.DispatchAsync();
        Assert.Equal(raisedAt.AddSeconds(5 + 10), (await _db.MessagesAsync()).Single().NextAttemptAtUtc);

        _db.Clock.Advance(TimeSpan.FromSeconds(9));
        await _db.DispatchAsync();
        Assert.Equal(2, (await _db.MessagesAsync()).Single().Attempts);

        _db.Clock.Advance(TimeSpan.FromSeconds(1));
        await _db.DispatchAsync();
        Assert.Equal(raisedAt.AddSeconds(5 + 10 + 20), (await _db.MessagesAsync()).Single().NextAttemptAtUtc);
        Assert.Equal(3, _db.Deliveries.Seen.Count);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_maximum()
    {
        var options = new OutboxOptions { FirstRetry = TimeSpan.FromSeconds(5), MaxRetry = TimeSpan.FromMinutes(1) };

        Assert.Equal([5, 10, 20, 40, 60, 60], Enumerable.Range(1, 6).Select(a => options.RetryDelay(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryDelay(200));
    }

    [Fact]
    public async Task After_the_last_attempt_an_event_is_a_dead_letter_and_no_longer_holds_back_its_stream()
    {
        await _db.RaiseAsync(new AccountRegistered("u1"), new PasswordChanged("u1"));

        await DispatchUntilQuietAsync();

        var messages = await _db.MessagesAsync();
        Assert.Equal(4, messages[0].Attempts);
        Assert.NotNull(messages[0].DeadLetteredAtUtc);
        Assert.Null(messages[0].NextAttemptAtUtc);
        Assert.NotNull(messages[1].ProcessedAtUtc);
        Assert.Equal<IDomainEvent>([.. Enumerable.Repeat<IDomainEvent>(new AccountRegistered("u1"), 4), new PasswordChanged("u1")], _db.Deliveries.By("first"));
    }

    [Fact]
    public async Task The_admin_sees_the_backlog_and_the_dead_letters_and_can_send_one_again()
    {
        await _db.RaiseAsync(new AccountRegistered("u1"));
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await _db.RaiseAsync(new PasswordChanged("u2"));
        _db.Clock.Advance(TimeSpan.FromMinutes(1));

        await _db.UseAsync(async sp =>
        {
            var admin = sp.GetRequiredService<OutboxAdmin>();
            Assert.Equal(2, await admin.BacklogCountAsync());
            Assert.Equal(TimeSpan.FromMinutes(2), await admin.OldestPendingAgeAsync());
        });

        await DispatchUntilQuietAsync();

        var id = (await _db.MessagesAsync())[0].Id;
        await _db.UseAsync(async sp =>
        {
            var admin = sp.GetRequiredService<OutboxAdmin>();
            Assert.Equal(0, await admin.BacklogCountAsync());
            Assert.Null(await admin.OldestPendingAgeAsync());
            var dead = Assert.Single(await admin.DeadLettersAsync());
            Assert.Equal((id, "AccountRegistered", "u1", 4), (dead.Id, dead.Type, dead.StreamKey, dead.Attempts));
            Assert.Contains("first failed on attempt 4", dead.LastError);

            _db.Deliveries.FailWhen = (_, _, _) => false;
            _db.Signal.TryTake();
            Assert.True(await admin.RetryAsync(id));
            Assert.True(_db.Signal.TryTake());
            Assert.False(await admin.RetryAsync(id));
            Assert.Equal(1, await admin.BacklogCountAsync());
        });

        Assert.Equal(1, await _db.DispatchAsync());
        var retried = (await _db.MessagesAsync())[0];
        Assert.NotNull(retried.ProcessedAtUtc);
        Assert.Null(retried.DeadLetteredAtUtc);
        Assert.Equal(1, await _db.EffectsAsync("first", retried.EventId));
    }

    private async Task DispatchUntilQuietAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            await _db.DispatchAsync();
            _db.Clock.Advance(TimeSpan.FromHours(1));
        }
    }
}
