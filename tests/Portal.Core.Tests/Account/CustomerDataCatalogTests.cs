using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Account;

public class CustomerDataCatalogTests
{
    [Fact]
    public async Task Every_table_that_holds_a_customers_data_is_exported_or_excluded_with_a_reason()
    {
        await using var core = await CoreDatabase.CreateAsync();
        var model = await core.UseAsync(sp => Task.FromResult(sp.GetRequiredService<PortalDbContext>().Model));

        var linked = CustomerData.Linked(model);
        var covered = CustomerDataCatalog.Exported.Select(k => k.Entity).Concat(CustomerDataCatalog.Excluded.Select(k => k.Entity)).ToHashSet();
        var missing = linked.Where(l => !covered.Contains(l.EntityType.ClrType))
            .Select(l => $"{l.EntityType.ClrType.Name} ({string.Join(", ", l.UserColumns)})").ToList();

        Assert.True(missing.Count == 0, "Say in CustomerDataCatalog whether these are exported or why not: " + string.Join("; ", missing));
        Assert.All(CustomerDataCatalog.Excluded, k => Assert.True(k.Reason.Length > 20, $"{k.Entity.Name} needs a reason"));
        Assert.Contains(linked, l => l.EntityType.ClrType == typeof(Portal.Core.Loyalty.Purchase));
        Assert.Contains(linked, l => l.EntityType.ClrType == typeof(Portal.Core.Referrals.Referral) && l.UserColumns.SequenceEqual(["FriendId", "ReferrerId"]));
        // Events are owned through their stream key.
        Assert.Contains(linked, l => l.EntityType.ClrType == typeof(OutboxMessage) && l.UserColumns.SequenceEqual(["StreamKey"]));
    }

    [Fact]
    public void Every_kind_of_event_on_a_customers_stream_is_exported_or_excluded_with_a_reason()
    {
        var events = CustomerData.StreamEvents(new DomainEventTypes([]));

        var exported = CustomerDataCatalog.ExportedEvents.ToHashSet();
        var excluded = CustomerDataCatalog.ExcludedEvents.Select(e => e.Entity).ToHashSet();
        var missing = events.Where(t => !exported.Contains(t) && !excluded.Contains(t)).Select(t => t.Name).ToList();

        Assert.True(missing.Count == 0, "Say in CustomerDataCatalog whether these events go into security-events or why not: " + string.Join("; ", missing));
        Assert.Empty(exported.Intersect(excluded));
        Assert.All(CustomerDataCatalog.ExcludedEvents, k => Assert.True(k.Reason.Length > 20, $"{k.Entity.Name} needs a reason"));
        Assert.Contains(typeof(Portal.Core.Customers.SignInSucceeded), events);
        Assert.Contains(CustomerDataCatalog.Exported, k => k.Entity == typeof(OutboxMessage) && k.File == CustomerDataCatalog.SecurityEventsFile);
    }

    [Fact]
    public async Task Every_kind_in_the_catalog_is_a_table_and_its_left_out_columns_exist()
    {
        await using var core = await CoreDatabase.CreateAsync();
        var model = await core.UseAsync(sp => Task.FromResult(sp.GetRequiredService<PortalDbContext>().Model));

        foreach (var kind in CustomerDataCatalog.Exported)
        {
            var type = model.FindEntityType(kind.Entity);
            Assert.True(type is not null, kind.Entity.Name);
            Assert.All(kind.Omit, column => Assert.True(type!.FindProperty(column) is not null, $"{kind.Entity.Name}.{column}"));
        }
        Assert.Equal(CustomerDataCatalog.Exported.Count, CustomerDataCatalog.Exported.Select(k => k.File).Distinct().Count());
    }
}
