using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Security;

namespace Portal.Core.Tests.Loyalty;

/// <summary>A batch is recorded in one transaction, with the outcome each purchase would have had on its own.</summary>
public class PurchaseBatchTests
{
    private const long KeyId = 7;

    private sealed record Buy(int Customer, string OrderId, long AmountMinor, TimeSpan Ago);

    private static PurchaseInput Input(IReadOnlyList<string> numbers, Buy buy, DateTime now) =>
        new(buy.Customer < 0 ? "123" : buy.Customer >= numbers.Count ? UnknownNumber : numbers[buy.Customer], buy.OrderId, now - buy.Ago,
            PurchaseChannel.Store, [new PurchaseLineInput("Grocery", 1, buy.AmountMinor), new PurchaseLineInput("Coffee", 2, 1_500)]);

    private static readonly string UnknownNumber = CustomerNumber.NewRandom().Value;

    private static Task<IReadOnlyList<PurchaseOutcome<PurchaseReceipt>>> RecordBatchAsync(LoyaltyKit kit, IReadOnlyList<PurchaseInput> inputs, long? keyId = KeyId) =>
        kit.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RecordBatchAsync(inputs, keyId));

    private static Task<PurchaseOutcome<PurchaseReceipt>> RecordAsync(LoyaltyKit kit, PurchaseInput input) =>
        kit.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RecordAsync(input, KeyId));

    /// <summary>Three customers; the third has points from 13 months ago that are due to expire at its next write.</summary>
    private static async Task<(List<string> Ids, List<string> Numbers)> CustomersAsync(LoyaltyKit kit)
    {
        var ids = new List<string>();
        var numbers = new List<string>();
        foreach (var name in new[] { "Sara", "Omar", "Mona" })
        {
            var (id, number) = await kit.AddCustomerAsync(name);
            ids.Add(id);
            numbers.Add(number);
        }
        await kit.BuyAsync(numbers[2], 30_000, kit.Now.AddMonths(-13), "OLD-1");
        return (ids, numbers);
    }

    // Good ones, a repeat and a reused order id, a tier crossed twice, every kind of refusal in between.
    private static readonly Buy[] Mixed =
    [
        new(0, "A-1", 50_000, TimeSpan.FromHours(2)),
        new(1, "A-2", 120_000, TimeSpan.FromHours(1)),
        new(2, "A-3", 6_000_000, TimeSpan.FromMinutes(50)), // over the integration cap
        new(0, "A-4", 60_000, TimeSpan.FromMinutes(30)),
        new(0, "A-1", 50_000, TimeSpan.FromHours(2)), // the same order again
        new(1, "A-2", 99_000, TimeSpan.FromHours(1)), // the same order id, other content
        new(-1, "A-5", 1_000, TimeSpan.FromMinutes(20)), // a Customer ID with a wrong check digit
        new(3, "A-6", 1_000, TimeSpan.FromMinutes(20)), // nobody's Customer ID
        new(1, "A-7", 2_000, TimeSpan.FromDays(10)), // dated too far back
        new(2, "A-8", 1_000, TimeSpan.FromMinutes(10)),
        new(1, "A-9", 500_000, TimeSpan.FromMinutes(5)),
    ];

    private sealed record EntryFacts(PointsEntryKind Kind, long Points, DateTime CreatedAtUtc, DateTime? ActiveFromUtc, DateTime? ExpiresAtUtc,
        long QualifyingPoints, DateTime QualifyingAtUtc, string SourceRef, string IdempotencyKey);

    // By idempotency key: EF Core inserts rows without references (bonuses) before those with one (a purchase's
    // points) within each SaveChanges, so ids come in a different order, one by one as in a batch.
    private static async Task<List<List<EntryFacts>>> LedgersAsync(LoyaltyKit kit, List<string> ids)
    {
        var ledgers = new List<List<EntryFacts>>();
        foreach (var id in ids)
            ledgers.Add((await kit.LedgerAsync(id)).Select(e => new EntryFacts(e.Kind, e.Points, e.CreatedAtUtc, e.ActiveFromUtc, e.ExpiresAtUtc,
                e.QualifyingPoints, e.QualifyingAtUtc, e.SourceRef, e.IdempotencyKey)).OrderBy(e => e.IdempotencyKey, StringComparer.Ordinal).ToList());
        return ledgers;
    }

    private static Task<List<object>> AccountsAsync(LoyaltyKit kit, List<string> ids) =>
        kit.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var accounts = new List<object>();
            foreach (var id in ids)
                accounts.Add(await db.Set<PointsAccount>().AsNoTracking().Where(a => a.CustomerId == id)
                    .Select(a => new { a.Active, a.Pending, a.QualifyingPoints, a.Tier, a.TierSinceUtc, a.BonusTierReached }).FirstOrDefaultAsync() as object ?? "none");
            return accounts;
        });

    private static Task<List<string>> EventTypesAsync(LoyaltyKit kit) =>
        kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).Select(m => m.Type).ToListAsync());

    private static Task<List<(AlertKind, string?)>> AlertsAsync(LoyaltyKit kit) =>
        kit.UseAsync(async sp => (await sp.GetRequiredService<PortalDbContext>().Set<SecurityAlert>().AsNoTracking().OrderBy(a => a.Id).ToListAsync())
            .Select(a => (a.Kind, a.OrderId)).ToList());

    private static object Shown(PurchaseOutcome<PurchaseReceipt> o) => (o.Value is { } r ? r with { CustomerId = "" } : null, o.Error, o.Repeated);

    [Fact]
    public async Task A_batch_gives_the_same_outcomes_ledger_accounts_events_and_alerts_as_the_same_purchases_one_by_one()
    {
        await using var single = await LoyaltyKit.CreateAsync();
        await using var batched = await LoyaltyKit.CreateAsync();
        var (singleIds, singleNumbers) = await CustomersAsync(single);
        var (batchIds, batchNumbers) = await CustomersAsync(batched);

        var oneByOne = new List<PurchaseOutcome<PurchaseReceipt>>();
        foreach (var buy in Mixed) oneByOne.Add(await RecordAsync(single, Input(singleNumbers, buy, single.Now)));
        var batch = await RecordBatchAsync(batched, Mixed.Select(b => Input(batchNumbers, b, batched.Now)).ToList());

        Assert.Equal(
            [null, null, PurchaseError.OverLimit, null, null, PurchaseError.OrderIdConflict, PurchaseError.InvalidCustomerId,
                PurchaseError.UnknownCustomer, PurchaseError.TooOld, null, null],
            batch.Select(o => o.Error));
        Assert.Equal(oneByOne.Select(Shown), batch.Select(Shown));
        var ledgers = await LedgersAsync(batched, batchIds);
        Assert.Equal(await LedgersAsync(single, singleIds), ledgers);
        // The second customer reached Silver and Gold within the batch: the entry bonuses, once each.
        Assert.Equal(["purchase:A-2", "purchase:A-9", "tier:Gold", "tier:Silver"], ledgers[1].Select(e => e.SourceRef));
        Assert.Contains(ledgers[2], e => e.Kind == PointsEntryKind.Expire);
        Assert.Equal(await AccountsAsync(single, singleIds), await AccountsAsync(batched, batchIds));
        // The ledger's events in the same order; the alerts for refused purchases come after the batch's commit.
        var (singleEvents, batchEvents) = (await EventTypesAsync(single), await EventTypesAsync(batched));
        Assert.Equal(singleEvents.Where(t => t != nameof(SecurityAlertRaised)), batchEvents.Where(t => t != nameof(SecurityAlertRaised)));
        Assert.Equal([2, 2], new[] { singleEvents, batchEvents }.Select(events => events.Count(t => t == nameof(SecurityAlertRaised))));
        Assert.Equal([(AlertKind.PurchaseOverCap, "A-3"), (AlertKind.PurchaseBackdated, "A-7")], await AlertsAsync(batched));
        Assert.Equal(await AlertsAsync(single), await AlertsAsync(batched));
    }

    [Fact]
    public async Task A_batch_hands_its_connection_back_with_the_page_cache_it_found()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        Task<long> CacheSizeAsync() => kit.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA cache_size";
            var size = Convert.ToInt64(await command.ExecuteScalarAsync());
            await db.Database.CloseConnectionAsync();
            return size;
        });
        var before = await CacheSizeAsync();

        var outcomes = await RecordBatchAsync(kit, [Input([number], new(0, "C-1", 10_000, TimeSpan.FromMinutes(1)), kit.Now)]);

        Assert.Null(outcomes[0].Error);
        Assert.Equal(["purchase:C-1"], (await kit.LedgerAsync(id)).Select(e => e.SourceRef));
        Assert.Equal(before, await CacheSizeAsync());
        Assert.NotEqual(-65_536, before);
    }

    [Fact]
    public async Task Batches_leave_the_WAL_to_the_checkpointer_which_starts_it_over_once_long()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var checkpointer = await kit.UseAsync(sp => Task.FromResult(sp.GetRequiredService<SqliteCheckpointer>()));
        checkpointer.RestartAt = 1;
        var (first, second) = ((await kit.AddCustomerAsync("Ann")).Number, (await kit.AddCustomerAsync("Bob")).Number);

        await RecordBatchAsync(kit, [Input([first], new(0, "W-1", 10_000, TimeSpan.FromMinutes(2)), kit.Now)]);
        await checkpointer.Idle;
        var afterFirst = CurrentWalFrames(kit.DatabaseFile + "-wal");
        await RecordBatchAsync(kit, [Input([second], new(0, "W-2", 10_000, TimeSpan.FromMinutes(1)), kit.Now)]);
        await checkpointer.Idle;
        var afterSecond = CurrentWalFrames(kit.DatabaseFile + "-wal");

        // Started over after the first batch: the WAL holds the second batch alone, not both on top of the set-up.
        Assert.True(afterSecond < afterFirst, $"{afterSecond} frames after the second batch, {afterFirst} after the first");
        Assert.Equal(2, await kit.CountAsync<Purchase>());
        Assert.Equal(1000, await kit.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            var pages = Convert.ToInt32(await command.ExecuteScalarAsync());
            await db.Database.CloseConnectionAsync();
            return pages;
        }));
    }

    [Fact]
    public async Task With_a_reader_still_on_the_WAL_batches_go_on_and_the_WAL_starts_over_once_it_is_done()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var checkpointer = await kit.UseAsync(sp => Task.FromResult(sp.GetRequiredService<SqliteCheckpointer>()));
        var (first, second) = ((await kit.AddCustomerAsync("Ann")).Number, (await kit.AddCustomerAsync("Bob")).Number);
        await RecordBatchAsync(kit, [Input([first], new(0, "R-1", 10_000, TimeSpan.FromMinutes(2)), kit.Now)]);
        await checkpointer.Idle;
        // A write the checkpointer has not copied yet, then a reader whose snapshot is on the WAL (a page's read).
        await kit.AddCustomerAsync("Cy");
        await using var reader = new SqliteConnection($"Data Source={kit.DatabaseFile}");
        await reader.OpenAsync();
        await using (var begin = reader.CreateCommand())
        {
            begin.CommandText = """BEGIN; SELECT COUNT(*) FROM "AspNetUsers";""";
            await begin.ExecuteScalarAsync();
        }

        // Everything is copied, so the checkpointer tries to restart the WAL, which the reader prevents.
        checkpointer.RestartAt = 1;
        checkpointer.Notify();
        await checkpointer.Idle.WaitAsync(TimeSpan.FromSeconds(10));
        var outcomes = await RecordBatchAsync(kit, [Input([second], new(0, "R-2", 10_000, TimeSpan.FromMinutes(1)), kit.Now)])
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(outcomes[0].Error);
        await checkpointer.Idle;
        var withReader = CurrentWalFrames(kit.DatabaseFile + "-wal");

        // Once the reader is done, the next batch's checkpoint starts the WAL over.
        await using (var commit = reader.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }
        await RecordBatchAsync(kit, [Input([first], new(0, "R-3", 10_000, TimeSpan.FromMinutes(1)), kit.Now)]);
        await checkpointer.Idle;
        await RecordBatchAsync(kit, [Input([second], new(0, "R-4", 10_000, TimeSpan.FromMinutes(1)), kit.Now)]);
        await checkpointer.Idle;
        Assert.True(CurrentWalFrames(kit.DatabaseFile + "-wal") < withReader, "the WAL was not started over once the reader was done");
        Assert.Equal(4, await kit.CountAsync<Purchase>());
    }

    /// <summary>Frames of the WAL's current generation (its header's salts), read from the file without checkpointing.</summary>
    private static int CurrentWalFrames(string wal)
    {
        using var file = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var header = new byte[32];
        file.ReadExactly(header);
        var pageSize = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        var salts = header.AsSpan(16, 8).ToArray();
        var frame = new byte[24];
        var count = 0;
        while (file.Read(frame) == 24 && frame.AsSpan(8, 8).SequenceEqual(salts))
        {
            count++;
            file.Seek(pageSize, SeekOrigin.Current);
        }
        return count;
    }

    [Fact]
    public async Task A_refused_purchase_in_the_middle_is_refused_alone()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        Buy[] buys = [new(0, "M-1", 10_000, TimeSpan.FromMinutes(3)), new(0, "M-2", 6_000_000, TimeSpan.FromMinutes(2)), new(0, "M-3", 20_000, TimeSpan.FromMinutes(1))];

        var outcomes = await RecordBatchAsync(kit, buys.Select(b => Input([number], b, kit.Now)).ToList());

        Assert.Equal([null, PurchaseError.OverLimit, null], outcomes.Select(o => o.Error));
        Assert.Equal(2, await kit.CountAsync<Purchase>());
        Assert.Equal(["purchase:M-1", "purchase:M-3"], (await kit.LedgerAsync(id)).Select(e => e.SourceRef));
        Assert.Equal(115 + 215, (await kit.SummaryAsync(id)).Pending);
    }

    [Fact]
    public async Task Repeats_within_a_batch_and_two_batches_racing_over_the_same_orders_record_each_order_once()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (first, firstNumber) = await kit.AddCustomerAsync("Sara");
        var (second, secondNumber) = await kit.AddCustomerAsync("Omar");
        string[] numbers = [firstNumber, secondNumber];
        // The same order always has the same content, whichever batch sends it.
        PurchaseInput Order(int n) => Input(numbers, new Buy(n % 2, $"R-{n}", 1_000 * n, TimeSpan.FromMinutes(n)), kit.Now);
        var one = Enumerable.Range(1, 40).Append(5).Append(17).Select(Order).ToList();
        var two = Enumerable.Range(21, 40).Append(30).Select(Order).ToList();

        var results = await Task.WhenAll(Task.Run(() => RecordBatchAsync(kit, one)), Task.Run(() => RecordBatchAsync(kit, two)));

        var all = results.SelectMany(r => r).ToList();
        Assert.All(all, o => Assert.True(o.Succeeded));
        Assert.Equal(Enumerable.Range(1, 60).Select(n => $"R-{n}"), all.Where(o => !o.Repeated).Select(o => o.Value!.OrderId).OrderBy(o => int.Parse(o[2..])));
        Assert.Equal(60, await kit.CountAsync<Purchase>());
        var entries = (await kit.LedgerAsync(first)).Concat(await kit.LedgerAsync(second)).ToList();
        Assert.Equal(60, entries.Count(e => e.Kind == PointsEntryKind.Earn));
        Assert.Equal(60, entries.Where(e => e.Kind == PointsEntryKind.Earn).Select(e => e.SourceRef).Distinct().Count());
        Assert.Equal(60, (await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking()
            .CountAsync(m => m.Type == nameof(PurchaseRecorded)))));
    }

    /// <summary>
    /// Every stored column of the ledger's tables, as SQLite holds it (type and value), one string per row, sorted;
    /// customers' ids by their place in <paramref name="ids"/>, row ids and event ids left out (they are compared
    /// through what they point at, below).
    /// </summary>
    private static Task<List<string>> StoredRowsAsync(LoyaltyKit kit, IReadOnlyList<string> ids) =>
        kit.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            async Task<List<string>> QueryAsync(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<string>();
                while (await reader.ReadAsync()) rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
                return rows;
            }
            var all = new List<string>();
            foreach (var table in new[] { "Purchase", "PurchaseLine", "PointsEntry", "PointsAllocation", "PointsAccount", "OutboxMessages" })
            {
                var columns = await QueryAsync($"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
                all.AddRange((await QueryAsync("SELECT " + string.Join(" || ' ' || ", columns.Select(c => $"'{c}=' || typeof(\"{c}\") || ':' || quote(\"{c}\")"))
                    + $" FROM \"{table}\"")).Select(row => table + " " + row));
            }
            // What the ids point at.
            all.AddRange((await QueryAsync("""
                SELECT 'line of ' || p.OrderId || ' ' || l.Category || ' ' || l.AmountMinor FROM PurchaseLine l JOIN Purchase p ON p.Id = l.PurchaseId
                UNION ALL SELECT 'entry ' || e.IdempotencyKey || ' of ' || coalesce(p.OrderId, '-') FROM PointsEntry e LEFT JOIN Purchase p ON p.Id = e.PurchaseId
                UNION ALL SELECT 'allocation ' || d.IdempotencyKey || ' from ' || c.IdempotencyKey || ' ' || a.Points
                    FROM PointsAllocation a JOIN PointsEntry d ON d.Id = a.DebitEntryId JOIN PointsEntry c ON c.Id = a.CreditEntryId
                UNION ALL SELECT 'recorded ' || p.OrderId FROM OutboxMessages m JOIN Purchase p ON p.Id = json_extract(m.Payload, '$.PurchaseId')
                    WHERE m.Type = 'PurchaseRecorded' AND p.OrderId = json_extract(m.Payload, '$.OrderId') AND p.CustomerId = json_extract(m.Payload, '$.UserId')
                UNION ALL SELECT 'earned ' || e.IdempotencyKey FROM OutboxMessages m JOIN PointsEntry e ON e.Id = json_extract(m.Payload, '$.EntryId')
                    WHERE m.Type = 'PointsEarned' AND e.Points = json_extract(m.Payload, '$.Points') AND e.CustomerId = json_extract(m.Payload, '$.UserId')
                """)));
            await db.Database.CloseConnectionAsync();
            return all.Select(row =>
                {
                    for (var i = 0; i < ids.Count; i++) row = row.Replace(ids[i], $"customer{i}");
                    row = Regex.Replace(row, @"\b(\w*Id)=integer:\d+", "$1=integer:#");
                    // A hash of the customer's number, which is random.
                    row = Regex.Replace(row, "ContentHash=text:'[0-9A-F]{64}'", "ContentHash=text:hash");
                    row = Regex.Replace(row, @"""(\w*Id)"":\d+", @"""$1"":#");
                    // Upper-case GUIDs, as SaveChanges writes them: a GUID written any other way would stay and differ.
                    return Regex.Replace(row, "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", "guid");
                })
                .Order(StringComparer.Ordinal).ToList();
        });

    private static List<string> Except(List<string> rows, List<string> others)
    {
        var left = others.CountBy(r => r).ToDictionary(c => c.Key, c => c.Value);
        return [.. rows.Where(r => !(left.TryGetValue(r, out var n) && n > 0 && (left[r] = n - 1) >= 0))];
    }

    [Fact]
    public async Task A_batch_of_many_customers_and_lines_stores_the_same_rows_as_one_by_one()
    {
        await using var single = await LoyaltyKit.CreateAsync();
        await using var batched = await LoyaltyKit.CreateAsync();
        async Task<(List<string> Ids, List<string> Numbers)> CustomersAsync(LoyaltyKit kit)
        {
            var (ids, numbers) = (new List<string>(), new List<string>());
            for (var i = 0; i < 12; i++)
            {
                var (id, number) = await kit.AddCustomerAsync($"C{i}");
                ids.Add(id);
                numbers.Add(number);
                // Some have points due to expire at their next write, some points still pending or active.
                if (i % 3 == 0) await kit.BuyAsync(number, 20_000 + i * 1_000, kit.Now.AddMonths(-13), $"OLD-{i}");
                if (i % 4 == 1) await kit.BuyAsync(number, 15_000, kit.Now.AddDays(-40), $"EARLIER-{i}");
            }
            return (ids, numbers);
        }
        var (singleIds, singleNumbers) = await CustomersAsync(single);
        var (batchIds, batchNumbers) = await CustomersAsync(batched);
        var random = new Random(17);
        string[] categories = ["Grocery", "Coffee", " Bakery ", "Electronics"];
        var items = Enumerable.Range(1, 150).Select(n => (Customer: random.Next(12), OrderId: $"MANY-{n}", Ago: TimeSpan.FromMinutes(600 - n * 3),
                Lines: Enumerable.Range(0, random.Next(1, 4)).Select(_ => new PurchaseLineInput(categories[random.Next(categories.Length)], random.Next(1, 5),
                    random.Next(10) == 0 ? random.Next(100_000, 900_000) : random.Next(0, 40_000))).ToList()))
            .ToList();
        // Repeats, a reused order id, one over the cap and one too old among them.
        items.Insert(40, items[3]);
        items.Insert(90, items[50] with { Lines = [new PurchaseLineInput("Grocery", 1, 1)] });
        items.Insert(100, (5, "MANY-BIG", TimeSpan.FromMinutes(20), [new PurchaseLineInput("Electronics", 1, 6_000_000)]));
        items.Insert(120, (6, "MANY-OLD", TimeSpan.FromDays(10), [new PurchaseLineInput("Grocery", 1, 5_000)]));
        PurchaseInput Input(IReadOnlyList<string> numbers, DateTime now, (int Customer, string OrderId, TimeSpan Ago, List<PurchaseLineInput> Lines) item) =>
            new(numbers[item.Customer], item.OrderId, now - item.Ago, item.Customer % 2 == 0 ? PurchaseChannel.Store : PurchaseChannel.Online, item.Lines);

        var oneByOne = new List<PurchaseOutcome<PurchaseReceipt>>();
        foreach (var item in items) oneByOne.Add(await RecordAsync(single, Input(singleNumbers, single.Now, item)));
        var batch = new List<PurchaseOutcome<PurchaseReceipt>>();
        foreach (var chunk in items.Chunk(100)) batch.AddRange(await RecordBatchAsync(batched, chunk.Select(item => Input(batchNumbers, batched.Now, item)).ToList()));

        Assert.Equal(oneByOne.Select(Shown), batch.Select(Shown));
        Assert.Equal(1, batch.Count(o => o.Repeated));
        Assert.Equal([PurchaseError.OrderIdConflict, PurchaseError.OverLimit, PurchaseError.TooOld], batch.Where(o => !o.Succeeded).Select(o => o.Error!.Value));
        var stored = await StoredRowsAsync(batched, batchIds);
        var expected = await StoredRowsAsync(single, singleIds);
        // The rows that differ, readably, before the whole lists.
        var (missing, extra) = (Except(expected, stored), Except(stored, expected));
        Assert.True(missing.Count + extra.Count == 0, $"Only one by one:\n{string.Join("\n", missing)}\nOnly in the batch:\n{string.Join("\n", extra)}");
        Assert.Equal(expected, stored);
        Assert.Contains(stored, row => row.StartsWith("allocation expire:", StringComparison.Ordinal));
        Assert.Contains(stored, row => row.StartsWith("entry tier-bonus:", StringComparison.Ordinal));
        Assert.Equal(150 + 4 + 3, stored.Count(row => row.StartsWith("recorded ", StringComparison.Ordinal)));
    }
}
