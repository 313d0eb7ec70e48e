using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Core.Demo;

/// <summary>How a seeded customer buys.</summary>
public enum BuyerKind { Heavy, Regular, Lapsed, OneOff, NoPurchases, Bench200 }

public enum ScaleSeedPhase { Customers, Purchases, Indexes }

public readonly record struct ScaleSeedProgress(ScaleSeedPhase Phase, long Done, long Total);

public sealed record ScaleSeedOptions
{
    public const int DefaultSeed = 12;

    public int Customers { get; init; } = 100_000;
    public int Purchases { get; init; } = 2_000_000;

    /// <summary>The same seed and <see cref="AsOf"/> give the same customers and purchases (only the password's salt differs).</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The day the history runs up to (purchases end before its midnight UTC); today when not given.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Seed even though the database already has seeded or real customers; an earlier seed is removed first.</summary>
    public bool Force { get; init; }
}

public sealed record ScaleSeedResult(
    int Customers, long Purchases, long Lines, long Refunds, IReadOnlyDictionary<BuyerKind, int> Mix,
    IReadOnlyList<string> Bench200Emails, DateTime AsOfUtc, int RemovedEarlierSeed, IReadOnlyDictionary<ScaleSeedPhase, TimeSpan> Phases, TimeSpan Elapsed)
{
    /// <summary>Another connection had the file open, so the load went through WAL instead of a rollback journal (slower).</summary>
    public bool SharedDatabase { get; init; }
}

/// <summary>The database holds customers the seed would mix with: nothing was written.</summary>
public sealed class ScaleSeedRefusedException(string message) : Exception(message);

/// <summary>
/// Fills a SQLite database with many customers and years of purchases for benchmarks (the <c>seed</c> command):
/// Identity-valid accounts in the Customer role who can all sign in with <see cref="Password"/>, and purchases with
/// lines written in bulk through prepared commands in one transaction, not through <see cref="PurchaseIngestion"/>.
/// The purchases are imported history from before the loyalty programme, so they earned no points.
/// </summary>
public sealed class ScaleSeed(PortalDbContext db, IPasswordHasher<PortalUser> hasher, LoyaltyOptions loyalty, TimeProvider clock)
{
    /// <summary>Every seeded customer's password.</summary>
    public const string Password = "Seed-Customer-2026";
    public const string EmailDomain = "seed.local";
    /// <summary>The first of the customers with exactly 200 purchases; the others are bench200-2@…, bench200-3@….</summary>
    public const string Bench200Email = "bench200@" + EmailDomain;
    public const string OrderIdPrefix = "SEED-";
    public const string SqliteOnly = "The seed command writes SQLite databases only so far; PostgreSQL (Database:Provider=Postgres) is not supported yet.";
    private const string DemoDomain = "demo.local";
    private const int ReportEvery = 10_000;

    public async Task<ScaleSeedResult> RunAsync(ScaleSeedOptions options, IProgress<ScaleSeedProgress>? progress = null, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite())
            throw new NotSupportedException(SqliteOnly);
        var elapsed = Stopwatch.StartNew();
        var asOf = (options.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var model = db.Model;
        string Table<T>() => "\"" + model.FindEntityType(typeof(T))!.GetTableName() + "\"";
        var users = Table<PortalUser>();
        var userRoles = Table<IdentityUserRole<string>>();
        var purchases = Table<Purchase>();
        var lines = Table<PurchaseLine>();
        var refunds = Table<PurchaseRefund>();

        // Our own unpooled connection: its PRAGMAs end with it, and idle pooled ones must not keep WAL mode pinned.
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        Exec(connection, "PRAGMA busy_timeout=5000");

        var seedPattern = "%@" + EmailDomain.ToUpperInvariant();
        var demoPattern = "%@" + DemoDomain.ToUpperInvariant();
        var earlier = Convert.ToInt32(Scalar(connection, $"SELECT COUNT(*) FROM {users} WHERE NormalizedEmail LIKE '{seedPattern}'"));
        var others = Convert.ToInt32(Scalar(connection,
            $"SELECT COUNT(*) FROM {users} WHERE NormalizedEmail NOT LIKE '{seedPattern}' AND NormalizedEmail NOT LIKE '{demoPattern}'"));
        if (!options.Force && earlier > 0)
            throw new ScaleSeedRefusedException($"The database already holds {earlier:N0} seeded customers. Seed a new database file, or pass --force to remove them (and their purchases) and seed again.");
        if (!options.Force && others > 0)
            throw new ScaleSeedRefusedException($"The database has {others:N0} accounts that are neither demo nor seeded accounts: it looks like a real database. Pass --force to add the seed to it anyway.");
        var roleId = (string?)Scalar(connection, $"SELECT Id FROM {Table<IdentityRole>()} WHERE NormalizedName = '{Roles.Customer.ToUpperInvariant()}'")
            ?? throw new InvalidOperationException("The Customer role is missing: run PortalDatabase.InitializeAsync first.");

        var numbers = new HashSet<string>(StringComparer.Ordinal);
        using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT CustomerNumber FROM {users}";
            using var reader = read.ExecuteReader();
            while (reader.Read()) numbers.Add(reader.GetString(0));
        }
        var plan = ScaleSeedPlan.Create(options, asOf, numbers);
        // Hashed once (PBKDF2 is slow on purpose); every seeded customer shares it.
        var passwordHash = hasher.HashPassword(new PortalUser(), Password);
        // Only once the plan is known to work (bad sizes throw above).
        if (earlier > 0) RemoveEarlierSeed(connection, seedPattern, users, userRoles, purchases, lines, refunds);

        var journal = (string)Scalar(connection, "PRAGMA journal_mode")!;
        // A rollback journal only records pages that existed before the transaction, so appending costs no double
        // write (WAL would copy every page twice). Fsync off: an interrupted run rolls back, nothing else needs it.
        string loadJournal;
        using (var command = connection.CreateCommand())
        {
            // Microsoft.Data.Sqlite retries a busy statement until the command timeout: wait a second, not thirty.
            command.CommandText = "PRAGMA journal_mode=DELETE";
            command.CommandTimeout = 1;
            // Another connection has the file open in WAL mode: the load goes through WAL.
            try { loadJournal = (string)command.ExecuteScalar()!; }
            catch (SqliteException e) when (e.SqliteErrorCode == 5) { loadJournal = journal; }
        }
        Exec(connection, "PRAGMA synchronous=OFF");
        Exec(connection, "PRAGMA cache_size=-262144");
        Exec(connection, "PRAGMA temp_store=MEMORY");
        // Rows are consistent by construction; checking each reference would only slow the load.
        Exec(connection, "PRAGMA foreign_keys=OFF");
        var phases = new Dictionary<ScaleSeedPhase, TimeSpan>();
        long lineCount = 0, refundCount = 0;
        try
        {
            // One transaction: an interrupted seed leaves the database as it was.
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var phase = Stopwatch.StartNew();
            InsertCustomers(connection, tx, plan, passwordHash, roleId, progress, ct);
            phases[ScaleSeedPhase.Customers] = phase.Elapsed;

            phase.Restart();
            // Secondary indexes are rebuilt once at the end: sorting once beats updating a B-tree two million times.
            var indexes = new List<(string Name, string Sql)>();
            using (var list = connection.CreateCommand())
            {
                list.Transaction = tx;
                list.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({purchases}, {lines}, {refunds})".Replace('"', '\'');
                using var reader = list.ExecuteReader();
                while (reader.Read()) indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
            foreach (var (name, _) in indexes) Exec(connection, $"DROP INDEX \"{name}\"", tx);
            (lineCount, refundCount) = InsertPurchases(connection, tx, plan, progress, ct);
            phases[ScaleSeedPhase.Purchases] = phase.Elapsed;

            phase.Restart();
            for (var i = 0; i < indexes.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new(ScaleSeedPhase.Indexes, i, indexes.Count));
                Exec(connection, indexes[i].Sql, tx);
            }
            progress?.Report(new(ScaleSeedPhase.Indexes, indexes.Count, indexes.Count));
            await tx.CommitAsync(ct);
            phases[ScaleSeedPhase.Indexes] = phase.Elapsed;
        }
        finally
        {
            if (journal != loadJournal) Exec(connection, $"PRAGMA journal_mode={journal}");
        }

        var mix = plan.Customers.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count());
        var bench = plan.Customers.Where(c => c.Kind == BuyerKind.Bench200).Select(c => c.Email).ToList();
        return new ScaleSeedResult(plan.Customers.Length, plan.PurchaseCount, lineCount, refundCount, mix, bench, asOf, earlier, phases, elapsed.Elapsed)
        {
            SharedDatabase = !loadJournal.Equals("delete", StringComparison.OrdinalIgnoreCase),
        };
    }

    private void InsertCustomers(SqliteConnection connection, SqliteTransaction tx, ScaleSeedPlan plan, string passwordHash, string roleId,
        IProgress<ScaleSeedProgress>? progress, CancellationToken ct)
    {
        using var users = new SqliteBulkInsert<PortalUser>(connection, tx, db.Model);
        using var roles = new SqliteBulkInsert<IdentityUserRole<string>>(connection, tx, db.Model);
        var role = new IdentityUserRole<string> { RoleId = roleId };
        var total = plan.Customers.Length;
        for (var i = 0; i < total; i++)
        {
            if (i % ReportEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new(ScaleSeedPhase.Customers, i, total));
            }
            var c = plan.Customers[i];
            var email = c.Email;
            users.Add(new PortalUser
            {
                Id = c.Id,
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = passwordHash,
                SecurityStamp = c.SecurityStamp,
                ConcurrencyStamp = c.ConcurrencyStamp,
                PhoneNumber = c.Phone,
                LockoutEnabled = true,
                DisplayName = c.DisplayName,
                CustomerNumber = c.Number,
                BirthDate = c.BirthDate,
                PreferredLanguage = c.Language,
                MemberSinceUtc = c.MemberSinceUtc,
            });
            role.UserId = c.Id;
            roles.Add(role);
        }
        progress?.Report(new(ScaleSeedPhase.Customers, total, total));
    }

    private (long Lines, long Refunds) InsertPurchases(SqliteConnection connection, SqliteTransaction tx, ScaleSeedPlan plan,
        IProgress<ScaleSeedProgress>? progress, CancellationToken ct)
    {
        using var purchases = new SqliteBulkInsert<Purchase>(connection, tx, db.Model);
        using var lines = new SqliteBulkInsert<PurchaseLine>(connection, tx, db.Model);
        using var refunds = new SqliteBulkInsert<PurchaseRefund>(connection, tx, db.Model);
        long NextId(string table)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"SELECT COALESCE(MAX(Id), 0) FROM \"{table}\"";
            return Convert.ToInt64(command.ExecuteScalar()) + 1;
        }
        long purchaseId = NextId(purchases.Table), lineId = NextId(lines.Table), refundId = NextId(refunds.Table);
        long lineCount = 0, refundCount = 0;

        var currency = loyalty.Currency;
        // The demo categories' amounts are in halalas (two decimals); other exponents scale them.
        var scale = Math.Pow(10, Money.Of(0, currency).Exponent - 2);
        var random = plan.Random;
        var purchase = new Purchase { Currency = currency };
        var line = new PurchaseLine();
        var refund = new PurchaseRefund();
        var inputs = new List<PurchaseLineInput>(4);
        var total = plan.PurchaseCount;
        // Imported at once, when the history was loaded.
        var recordedAt = plan.AsOfUtc;
        for (var p = 0; p < total; p++)
        {
            if (p % ReportEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new(ScaleSeedPhase.Purchases, p, total));
            }
            var customer = plan.Customers[plan.Owners[p]];
            var at = new DateTime(plan.Times[p], DateTimeKind.Utc);
            var roll = random.NextDouble();
            var lineTotal = roll < 0.4 ? 1 : roll < 0.7 ? 2 : roll < 0.9 ? 3 : 4;
            inputs.Clear();
            for (var l = 0; l < lineTotal; l++)
            {
                var (category, min, max, _) = DemoLoyalty.PickCategory(random);
                var amount = Math.Max(5, (long)(random.NextInt64(min, max) * customer.Basket * scale) / 5 * 5);
                inputs.Add(new PurchaseLineInput(category, random.Next(1, 3), amount));
            }
            var channel = random.NextDouble() < 0.7 ? PurchaseChannel.Store : PurchaseChannel.Online;
            var orderId = OrderIdPrefix + (p + 1).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

            purchase.Id = purchaseId;
            purchase.OrderId = orderId;
            purchase.CustomerId = customer.Id;
            purchase.OccurredAtUtc = at;
            purchase.Channel = channel;
            purchase.TotalMinor = inputs.Sum(i => i.AmountMinor);
            purchase.RecordedAtUtc = recordedAt;
            purchase.ContentHash = PurchaseIngestion.ContentHash(customer.Number, new PurchaseInput(customer.Number, orderId, at, channel, inputs));
            // A few returns within two weeks: half of them the whole purchase, the others one line.
            var refundRoll = random.NextDouble();
            var refundAt = at.AddDays(1 + random.NextDouble() * 13);
            var refundAmount = refundRoll < 0.01 ? purchase.TotalMinor : refundRoll < 0.02 ? inputs[random.Next(inputs.Count)].AmountMinor : 0;
            if (refundAt >= recordedAt) refundAmount = 0;
            purchase.RefundedMinor = refundAmount;
            purchases.Add(purchase);

            foreach (var input in inputs)
            {
                line.Id = lineId++;
                line.PurchaseId = purchaseId;
                line.Category = input.Category;
                line.Quantity = input.Quantity;
                line.AmountMinor = input.AmountMinor;
                lines.Add(line);
                lineCount++;
            }
            if (refundAmount > 0)
            {
                refund.Id = refundId++;
                refund.PurchaseId = purchaseId;
                refund.RefundId = OrderIdPrefix + "R-" + (p + 1).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
                refund.AmountMinor = refundAmount;
                refund.CreatedAtUtc = refundAt;
                refunds.Add(refund);
                refundCount++;
            }
            purchaseId++;
        }
        progress?.Report(new(ScaleSeedPhase.Purchases, total, total));
        return (lineCount, refundCount);
    }

    private static void RemoveEarlierSeed(SqliteConnection connection, string seedPattern, string users, string userRoles, string purchases, string lines, string refunds)
    {
        // Foreign keys on, so whatever else refers to these customers goes with them (or stops the removal).
        Exec(connection, "PRAGMA foreign_keys=ON");
        using var tx = connection.BeginTransaction();
        const string Old = "(SELECT Id FROM temp.seed_old)";
        Exec(connection, $"CREATE TEMP TABLE seed_old AS SELECT Id FROM {users} WHERE NormalizedEmail LIKE '{seedPattern}'", tx);
        Exec(connection, $"CREATE TEMP TABLE seed_old_purchases AS SELECT Id FROM {purchases} WHERE CustomerId IN {Old}", tx);
        Exec(connection, $"DELETE FROM {lines} WHERE PurchaseId IN (SELECT Id FROM temp.seed_old_purchases)", tx);
        Exec(connection, $"DELETE FROM {refunds} WHERE PurchaseId IN (SELECT Id FROM temp.seed_old_purchases)", tx);
        Exec(connection, $"DELETE FROM {purchases} WHERE Id IN (SELECT Id FROM temp.seed_old_purchases)", tx);
        Exec(connection, $"DELETE FROM {userRoles} WHERE UserId IN {Old}", tx);
        Exec(connection, $"DELETE FROM {users} WHERE Id IN {Old}", tx);
        Exec(connection, "DROP TABLE temp.seed_old", tx);
        Exec(connection, "DROP TABLE temp.seed_old_purchases", tx);
        tx.Commit();
    }

    private static void Exec(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
