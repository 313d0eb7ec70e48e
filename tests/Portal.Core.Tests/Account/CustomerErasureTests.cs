using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Data;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Account;

public class CustomerErasureTests
{
    [Fact]
    public async Task Every_table_that_holds_a_customers_data_has_an_erasure_decision_with_a_reason()
    {
        await using var core = await CoreDatabase.CreateAsync();
        var model = await core.UseAsync(sp => Task.FromResult(sp.GetRequiredService<PortalDbContext>().Model));

        var decided = CustomerErasure.Decisions.Select(d => d.Entity).ToHashSet();
        var missing = CustomerData.Linked(model).Where(l => !decided.Contains(l.EntityType.ClrType))
            .Select(l => $"{l.EntityType.ClrType.Name} ({string.Join(", ", l.UserColumns)})").ToList();

        Assert.True(missing.Count == 0, "Say in CustomerErasure whether these are deleted, anonymised or kept, and why: " + string.Join("; ", missing));
        Assert.All(CustomerErasure.Decisions, d => Assert.True(d.Reason.Length > 15, $"{d.Entity.Name} needs a reason"));
        Assert.All(CustomerErasure.Decisions, d => Assert.True(model.FindEntityType(d.Entity) is not null, $"{d.Entity.Name} is not a table"));
        Assert.Equal(CustomerErasure.Decisions.Count, decided.Count);
    }
}
