using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Events;

public sealed class RaisingEventsTests : IAsyncLifetime
{
    private OutboxDatabase _db = null!;

    public async Task InitializeAsync() => _db = await OutboxDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Events_raised_before_SaveChanges_are_stored_with_the_business_change()
    {
        await _db.RaiseAsync(new AccountRegistered("u1"), new TierChanged("u1", "Silver", "Gold"));

        var messages = await _db.MessagesAsync();
        Assert.Equal(1, await _db.AuditCountAsync());
        Assert.Equal(["AccountRegistered", "TierChanged"], messages.Select(m => m.Type));
        Assert.All(messages, m =>
        {
            Assert.Equal("u1", m.StreamKey);
            Assert.Equal("u1", m.StreamLookupKey);
            Assert.Equal(_db.Now, m.OccurredAtUtc);
            Assert.True(m.IsPending);
            Assert.NotEqual(Guid.Empty, m.EventId);
        });
        Assert.Equal("""{"UserId":"u1","From":"Silver","To":"Gold"}""", messages[1].Payload);
    }

    [Fact]
    public async Task Events_are_not_stored_when_the_transaction_is_rolled_back()
    {
        await _db.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Add(new AuditEntry("actor", "business", "target", AuditAction.Locked, "business change", _db.Now));
            sp.GetRequiredService<Outbox>().Raise(new PasswordChanged("u1"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        });

        Assert.Empty(await _db.MessagesAsync());
        Assert.Equal(0, await _db.AuditCountAsync());
    }

    [Fact]
    public async Task Forgotten_events_are_not_saved_by_a_later_SaveChanges()
    {
        await _db.UseAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            var failed = new EmailChangeRequested("u1");
            outbox.Raise(failed);
            outbox.Raise(new PasswordChanged("u1"));
            Assert.True(outbox.Forget(failed));
            await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
            Assert.False(outbox.Forget(failed));
        });

        Assert.Equal(["PasswordChanged"], (await _db.MessagesAsync()).Select(m => m.Type));
    }

    [Fact]
    public async Task Forgetting_unsaved_events_drops_every_one_raised_in_the_scope()
    {
        await _db.UseAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            outbox.Raise(new AccountRegistered("u1"));
            outbox.Raise(new SignInFailed(null, "10.0.0.1", "unknown"));
            Assert.Equal(2, outbox.ForgetUnsaved());
            await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        });

        Assert.Empty(await _db.MessagesAsync());
    }

    [Fact]
    public async Task Null_user_events_have_their_own_streams()
    {
        await _db.RaiseAsync(new PasswordResetRequested(null), new Portal.Core.Tickets.TicketCreated(null, 7, 1007), new ChatMissed(null, 3, null));

        Assert.Equal(["anonymous", "ticket:7", "chat:3"], (await _db.MessagesAsync()).Select(m => m.StreamKey));
    }

    [Fact]
    public async Task An_event_type_that_is_not_registered_cannot_be_raised()
    {
        await _db.UseAsync(sp =>
        {
            Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<Outbox>().Raise(new Unregistered("u1")));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Saving_events_signals_the_dispatcher_and_inside_a_transaction_only_after_commit()
    {
        _db.Signal.TryTake();
        await _db.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            db.Add(new AuditEntry("actor", "business", "target", AuditAction.Locked, "no events", _db.Now));
            await db.SaveChangesAsync();
        });
        Assert.False(_db.Signal.TryTake());

        await _db.RaiseAsync(new AccountRegistered("u1"));
        Assert.True(_db.Signal.TryTake());

        await _db.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            sp.GetRequiredService<Outbox>().Raise(new PasswordChanged("u1"));
            await db.SaveChangesAsync();
            Assert.False(_db.Signal.TryTake());
            await tx.CommitAsync();
        });
        Assert.True(_db.Signal.TryTake());
    }

    [Fact]
    public void Every_event_record_in_Portal_Core_is_known_by_its_name()
    {
        var types = new DomainEventTypes([]);

        foreach (var name in new[] { "AccountRegistered", "PurchaseRecorded", "PointsExpiringSoon", "TicketStatusChanged", "ChatMissed", "SignInFailed" })
            Assert.NotNull(types.Resolve(name));
        Assert.Equal(typeof(PurchaseRefunded), types.Resolve(nameof(PurchaseRefunded)));
    }

    [Fact]
    public async Task A_customers_events_of_one_kind_are_read_through_the_stream_index_not_a_scan()
    {
        // The index leaves out the purchase kinds, so a read must imply its filter; one that did not would scan every event.
        var plan = await _db.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var (user, since) = ("u1", _db.Now.AddDays(-30));
            string[] kinds = ["SignInSucceeded", "SignInFailed"];
            var query = db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.StreamLookupKey == user && kinds.Contains(m.Type) && m.OccurredAtUtc >= since).Select(m => m.Id);
            await db.Database.OpenConnectionAsync();
            await using var command = query.CreateDbCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(3));
            return string.Join(" | ", rows);
        });

        Assert.Contains("IX_OutboxMessages_StreamLookupKey_Type_OccurredAtUtc", plan);
        Assert.DoesNotContain("SCAN", plan);
    }

    private sealed record Unregistered(string UserId) : IDomainEvent
    {
        public string StreamKey => UserId;
    }
}
