using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Security;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Account;

public class EventErasureTests
{
    private static Task<CoreDatabase> DatabaseAsync() => CoreDatabase.CreateAsync(configure: s =>
    {
        s.AddSingleton(new AccountDeletionOptions());
        s.AddScoped<AccountDeletions>();
    });

    private static Task RaiseAsync(CoreDatabase core, IDomainEvent e) => core.UseAsync(async sp =>
    {
        sp.GetRequiredService<Outbox>().Raise(e);
        return await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
    });

    private static Task ScheduleDueAsync(CoreDatabase core, string id) => core.UseAsync(async sp =>
    {
        var db = sp.GetRequiredService<PortalDbContext>();
        db.Add(new AccountDeletion
        {
            Id = Guid.NewGuid(), CustomerId = id, State = AccountDeletionState.Scheduled,
            RequestedAtUtc = core.UtcNow.AddDays(-14), ScheduledForUtc = core.UtcNow,
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public void Every_text_field_of_an_event_is_an_id_a_code_or_emptied_on_erasure()
    {
        var undecided = CustomerData.StreamEvents(new DomainEventTypes([]))
            .SelectMany(t => t.GetProperties().Where(p => p.PropertyType == typeof(string) && p.Name != nameof(IDomainEvent.StreamKey))
                .Select(p => (Type: t, p.Name)))
            .Where(f => !f.Name.EndsWith("Id", StringComparison.Ordinal)
                && !CustomerErasure.EventCodeFields.Contains(f.Name) && !CustomerErasure.PersonalEventFields.Contains(f.Name))
            .Select(f => $"{f.Type.Name}.{f.Name}").ToList();

        Assert.True(undecided.Count == 0, "Events carry ids and codes; say in CustomerErasure whether these are codes or personal: " + string.Join("; ", undecided));
    }

    [Fact]
    public void Kinds_left_out_of_the_stream_index_carry_nothing_erasure_must_empty()
    {
        // Erasure finds the payloads to empty through the stream index, so a kind left out of it must hold no personal field.
        var notLookedUp = CustomerData.StreamEvents(new DomainEventTypes([])).Where(t => !DomainEventTypes.IsLookedUpByStream(t)).ToList();

        Assert.Contains(typeof(Portal.Core.Loyalty.PurchaseRecorded), notLookedUp);
        Assert.DoesNotContain(typeof(SignInSucceeded), notLookedUp);
        Assert.All(notLookedUp, t => Assert.DoesNotContain(t.GetProperties(), p => CustomerErasure.PersonalEventFields.Contains(p.Name)));
    }

    [Fact]
    public async Task Erasure_keeps_the_customers_events_for_the_figures_but_empties_the_addresses_and_devices_in_them()
    {
        await using var core = await DatabaseAsync();
        var id = await core.AddPersonAsync("Erased Person");
        var other = await core.AddPersonAsync("Other Person");
        await RaiseAsync(core, new SignInSucceeded(id, "203.0.113.41", "Mozilla/5.0 ErasedBrowser/1.0", "password", "session-1", NewDevice: true));
        await RaiseAsync(core, new SignInFailed(id, "203.0.113.41", "wrong_password", "Mozilla/5.0 ErasedBrowser/1.0"));
        await RaiseAsync(core, new SessionsEnded(id, SessionEndReasons.SignedOutByUser, 1, "session-1", "Mozilla/5.0 ErasedBrowser/1.0"));
        await RaiseAsync(core, new SignInSucceeded(other, "203.0.113.41", "Mozilla/5.0 OtherBrowser/2.0", "password"));
        var before = await core.CountAsync<OutboxMessage>(q => q.Where(m => m.StreamKey == id));
        await ScheduleDueAsync(core, id);

        Assert.Equal(1, await core.UseAsync<AccountDeletions, int>(d => d.EraseDueAsync()));

        var events = (await core.OutboxAsync()).Where(m => m.StreamKey == id).ToList();
        Assert.Equal(before, events.Count);
        Assert.Contains(events, m => m.Type == nameof(SignInSucceeded) && m.Payload.Contains("password", StringComparison.Ordinal));
        Assert.All(events, m => Assert.DoesNotContain("203.0.113.41", m.Payload));
        Assert.All(events, m => Assert.DoesNotContain("ErasedBrowser", m.Payload));
        var others = (await core.OutboxAsync()).Where(m => m.StreamKey == other).ToList();
        Assert.Contains(others, m => m.Payload.Contains("203.0.113.41", StringComparison.Ordinal) && m.Payload.Contains("OtherBrowser", StringComparison.Ordinal));
        // The activity page still reads them, without the address.
        var activity = await core.UseAsync<SecurityActivity, IReadOnlyList<ActivityItem>>(a => a.AllAsync(id));
        Assert.Equal(3, activity.Count);
        Assert.All(activity, a => Assert.Null(a.IpAddress));
    }

    [Fact]
    public async Task An_alert_in_the_security_queue_keeps_the_erasure_waiting_until_staff_decide_it()
    {
        await using var core = await DatabaseAsync();
        var id = await core.AddPersonAsync("Alerted Person");
        var alert = await core.UseAsync<SecurityAlerts, SecurityAlert>(a => a.RaiseAsync(SecurityAlert.For(id, AlertKind.NewDevice, core.UtcNow, "198.51.100.23", "Mozilla/5.0 Suspect/1.0")));
        await ScheduleDueAsync(core, id);

        Assert.Equal(1, await core.UseAsync<AccountDeletions, int>(d => d.AlertsUnderReviewAsync(id)));
        Assert.Equal(0, await core.UseAsync<AccountDeletions, int>(d => d.EraseDueAsync()));
        Assert.Equal("Alerted Person", (await core.PersonAsync(id)).DisplayName);
        Assert.Equal(1, await core.CountAsync<SecurityAlert>(q => q.Where(a => a.CustomerId == id)));

        var staff = await core.AddPersonAsync("Security Staff");
        var decided = await core.UseAsync<SecurityAlerts, AlertResult>(a => a.ResolveAsync(alert.Id, StaffDecision.Dismiss, "Their own new phone.", staff, "Security Staff"));
        Assert.True(decided.Succeeded);

        Assert.Equal(1, await core.UseAsync<AccountDeletions, int>(d => d.EraseDueAsync()));
        Assert.Equal(AccountDeletions.Marker, (await core.PersonAsync(id)).DisplayName);
        Assert.Equal(0, await core.CountAsync<SecurityAlert>(q => q.Where(a => a.CustomerId == id)));
    }
}
