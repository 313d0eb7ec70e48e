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

    [Fact]
    public async Task Pages_read_on_the_prepared_connections_hold_the_right_rows()
    {
        await using var database = await CoreDatabase.CreateAsync();
        foreach (var name in (string[])["Page A", "Page B", "Page C", "Page D", "Page E"]) await database.AddPersonAsync(name);

        var pages = await database.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var people = db.Set<PortalUser>().Where(u => u.DisplayName.StartsWith("Page ")).OrderBy(u => u.DisplayName).Select(u => u.DisplayName);
            var result = new List<List<string>>();
            foreach (var (skip, take) in (IEnumerable<(int, int)>)[(0, 2), (2, 2), (4, 2), (2, 2)])
                result.Add(await people.Skip(skip).Take(take).ToListAsync());
            return result;
        });

        Assert.Equal(["Page A", "Page B"], pages[0]);
        Assert.Equal(["Page C", "Page D"], pages[1]);
        Assert.Equal(["Page E"], pages[2]);
        Assert.Equal(pages[1], pages[3]);
    }

    [Fact]
    public void A_page_size_is_written_into_the_SQL_so_SQLite_keeps_the_statement_prepared_between_runs()
    {
        var file = Path.Combine(Path.GetTempPath(), $"limits-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false");
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b'), ('c');";
                create.ExecuteNonQuery();
            }
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM t WHERE name <> @name ORDER BY id DESC LIMIT @take OFFSET @skip";
            command.Parameters.AddWithValue("@name", "x");
            command.Parameters.AddWithValue("@take", 2);
            command.Parameters.AddWithValue("@skip", 1);

            var (sql, inlined) = SqliteHotReads.LimitsInlined(command);

            Assert.Equal("SELECT name FROM t WHERE name <> @name ORDER BY id DESC LIMIT 2 OFFSET 1", sql);
            Assert.Equal(["@skip", "@take"], inlined!.Order());
            // What it is for: bound LIMIT and OFFSET values make SQLite prepare the statement again on every run.
            Assert.True(Reprepares(connection, command.CommandText) > 0);
            Assert.Equal(0, Reprepares(connection, sql));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private const int StatementReprepares = 5; // SQLITE_STMTSTATUS_REPREPARE

    /// <summary>How often SQLite prepared <paramref name="sql"/> again over three runs, each binding the same values.</summary>
    private static int Reprepares(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        Assert.Equal(0, SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        try
        {
            for (var run = 0; run < 3; run++)
            {
                for (var i = 1; i <= SQLitePCL.raw.sqlite3_bind_parameter_count(statement); i++)
                {
                    var name = SQLitePCL.raw.sqlite3_bind_parameter_name(statement, i).utf8_to_string();
                    if (name == "@name") SQLitePCL.raw.sqlite3_bind_text(statement, i, "x");
                    else SQLitePCL.raw.sqlite3_bind_int(statement, i, name == "@take" ? 2 : 1);
                }
                while (SQLitePCL.raw.sqlite3_step(statement) == SQLitePCL.raw.SQLITE_ROW) { }
                SQLitePCL.raw.sqlite3_reset(statement);
            }
            return SQLitePCL.raw.sqlite3_stmt_status(statement, StatementReprepares, 0);
        }
        finally
        {
            SQLitePCL.raw.sqlite3_finalize(statement);
        }
    }
}
