using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Data;

public class HotReadsTests
{
    private const string NameSql = """SELECT "DisplayName" FROM "AspNetUsers" WHERE "Id" = @id""";

    private static Task<string?> NameAsync(CoreDatabase database, string id) =>
        database.UseAsync(sp => HotReads.FirstRowAsync<string?>(sp.GetRequiredService<PortalDbContext>(), NameSql, r => r.GetString(0),
            CancellationToken.None, ("@id", id)));

    private static Task RenameAsync(CoreDatabase database, string id, string name) =>
        database.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            return await db.Set<PortalUser>().Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, name));
        });

    [Fact]
    public async Task A_read_sees_each_change_saved_since_its_statement_was_prepared()
    {
        await using var database = await CoreDatabase.CreateAsync();
        var id = await database.AddPersonAsync("Ana");

        Assert.Equal("Ana", await NameAsync(database, id));
        await RenameAsync(database, id, "Anna");
        Assert.Equal("Anna", await NameAsync(database, id));
        await RenameAsync(database, id, "Hanna");
        Assert.Equal("Hanna", await NameAsync(database, id));
        Assert.Null(await NameAsync(database, "nobody"));
    }

    [Fact]
    public async Task Inside_a_transaction_a_read_sees_the_transactions_own_writes_and_others_do_not()
    {
        await using var database = await CoreDatabase.CreateAsync();
        var id = await database.AddPersonAsync("Sam");

        await database.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Set<PortalUser>().Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Samir"));
            Assert.Equal("Samir", await HotReads.FirstRowAsync(db, NameSql, r => r.GetString(0), CancellationToken.None, ("@id", id)));
            await transaction.RollbackAsync();
            return 0;
        });

        Assert.Equal("Sam", await NameAsync(database, id));
    }

    [Fact]
    public async Task A_failed_read_leaves_later_reads_working()
    {
        await using var database = await CoreDatabase.CreateAsync();
        var id = await database.AddPersonAsync("Lina");
        Assert.Equal("Lina", await NameAsync(database, id));

        await Assert.ThrowsAsync<FormatException>(() => database.UseAsync(sp =>
            HotReads.FirstRowAsync<int>(sp.GetRequiredService<PortalDbContext>(), NameSql, _ => throw new FormatException(),
                CancellationToken.None, ("@id", id))));
        await Assert.ThrowsAsync<SqliteException>(() => database.UseAsync(sp =>
            HotReads.FirstRowAsync<string>(sp.GetRequiredService<PortalDbContext>(), """SELECT "Nope" FROM "AspNetUsers" """, r => r.GetString(0),
                CancellationToken.None)));

        await RenameAsync(database, id, "Leena");
        Assert.Equal("Leena", await NameAsync(database, id));
    }

    [Fact]
    public async Task Reads_running_at_once_each_get_their_own_answer()
    {
        await using var database = await CoreDatabase.CreateAsync();
        var ids = new List<(string Id, string Name)>();
        for (var i = 0; i < 8; i++) ids.Add((await database.AddPersonAsync($"Person {i}"), $"Person {i}"));

        var reads = Enumerable.Range(0, 200).Select(i => ids[i % ids.Count])
            .Select(async p => (p.Name, Read: await Task.Run(() => NameAsync(database, p.Id))));
        foreach (var (name, read) in await Task.WhenAll(reads)) Assert.Equal(name, read);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=portal;Mode=Memory;Cache=Shared")]
    public void An_in_memory_database_keeps_its_reads_on_the_contexts_connection(string connectionString) =>
        Assert.Null(SqliteHotReads.For(connectionString));
}
