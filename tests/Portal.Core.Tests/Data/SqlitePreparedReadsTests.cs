using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Data;

/// <summary>EF Core's reads outside a transaction run on the prepared-statement connections, with the same answers.</summary>
public class SqlitePreparedReadsTests
{
    private static SqliteHotReads Reads(IServiceProvider sp) => sp.GetRequiredService<HotReadConnections>().Reads!;

    [Fact]
    public async Task A_number_compared_in_an_expression_is_bound_as_a_number()
    {
        await using var database = await CoreDatabase.CreateAsync();
        var id = await database.AddPersonAsync("Ana");

        // SQLite orders every number before every text: bound as text, "count + 1 > @n" would match nobody.
        var (found, leased) = await database.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var before = Reads(sp).ReadersLeased;
            var threshold = 0;
            var ids = await db.Set<PortalUser>().Where(u => u.AccessFailedCount + 1 > threshold).Select(u => u.Id).ToListAsync();
            return (ids, Reads(sp).ReadersLeased - before);
        });

        Assert.Contains(id, found);
        Assert.Equal(1, leased);
    }

    [Fact]
    public async Task Inside_a_transaction_EF_reads_stay_on_its_connection_and_see_its_own_writes()
    {
        await using var database = await CoreDatabase.CreateAsync();
        var id = await database.AddPersonAsync("Sam");

        var (inside, leased) = await database.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Set<PortalUser>().Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Samir"));
            var before = Reads(sp).ReadersLeased;
            var name = await db.Set<PortalUser>().Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync();
            var during = Reads(sp).ReadersLeased - before;
            await transaction.RollbackAsync();
            return (name, during);
        });

        Assert.Equal("Samir", inside);
        Assert.Equal(0, leased);
        Assert.Equal("Sam", await database.UseAsync(sp =>
            sp.GetRequiredService<PortalDbContext>().Set<PortalUser>().Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task A_query_using_EF_Cores_own_SQLite_functions_still_answers()
    {
        await using var database = await CoreDatabase.CreateAsync();
        await database.AddPersonAsync("Lina", email: "lina.q@example.test");
        await database.AddPersonAsync("Omar", email: "omar@example.test");

        // regexp() exists only on the connections EF Core opened itself.
        var names = await database.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PortalUser>()
            .Where(u => Regex.IsMatch(u.Email!, @"^lina\.")).Select(u => u.DisplayName).ToListAsync());

        Assert.Equal(["Lina"], names);
    }

    [Fact]
    public async Task Each_read_hands_its_connection_back_even_when_stopped_after_one_row()
    {
        await using var database = await CoreDatabase.CreateAsync();
        for (var i = 0; i < 3; i++) await database.AddPersonAsync($"P{i}");

        var (idle, leased) = await database.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var before = Reads(sp).ReadersLeased;
            for (var i = 0; i < 20; i++)
            {
                Assert.NotNull(await db.Set<PortalUser>().OrderBy(u => u.DisplayName).Select(u => u.DisplayName).FirstAsync());
                await foreach (var _ in db.Set<PortalUser>().AsAsyncEnumerable()) break;
            }
            return (Reads(sp).IdleConnections, Reads(sp).ReadersLeased - before);
        });

        Assert.Equal(40, leased);
        // One after another, the reads take turns on one connection: none is left leased.
        Assert.InRange(idle, 1, 2);
    }
}
