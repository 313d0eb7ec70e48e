using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
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
/// Fills a SQLite or PostgreSQL database with many customers and years of purchases for benchmarks (the <c>seed</c>
/// command): Identity-valid accounts in the Customer role who can all sign in with <see cref="Password"/>, and purchases
/// with lines written in bulk in one transaction (<see cref="ScaleSeedStore"/>: prepared INSERTs on SQLite, binary COPY
/// on PostgreSQL), not through <see cref="PurchaseIngestion"/>. One generator, so both get the same rows.
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
    private const string DemoDomain = "demo.local";
    private const int ReportEvery = 10_000;

    public async Task<ScaleSeedResult> RunAsync(ScaleSeedOptions options, IProgress<ScaleSeedProgress>? progress = null, CancellationToken ct = default)
    {
        var elapsed = Stopwatch.StartNew();
        var asOf = (options.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var store = ScaleSeedStore.For(db);
        var users = store.Table<PortalUser>();
        var userRoles = store.Table<IdentityUserRole<string>>();
        var purchases = store.Table<Purchase>();
        var lines = store.Table<PurchaseLine>();
        var refunds = store.Table<PurchaseRefund>();
        await store.OpenAsync(ct);

        var seedPattern = "%@" + EmailDomain.ToUpperInvariant();
        var demoPattern = "%@" + DemoDomain.ToUpperInvariant();
        var earlier = store.Count($"SELECT COUNT(*) FROM {users} WHERE \"NormalizedEmail\" LIKE '{seedPattern}'");
        var others = store.Count(
            $"SELECT COUNT(*) FROM {users} WHERE \"NormalizedEmail\" NOT LIKE '{seedPattern}' AND \"NormalizedEmail\" NOT LIKE '{demoPattern}'");
        if (!options.Force && earlier > 0)
            throw new ScaleSeedRefusedException($"The database already holds {earlier:N0} seeded customers. Seed a new database file, or pass --force to remove them (and their purchases) and seed again.");
        if (!options.Force && others > 0)
            throw new ScaleSeedRefusedException($"The database has {others:N0} accounts that are neither demo nor seeded accounts: it looks like a real database. Pass --force to add the seed to it anyway.");
        var roleId = store.Text($"SELECT \"Id\" FROM {store.Table<IdentityRole>()} WHERE \"NormalizedName\" = '{Roles.Customer.ToUpperInvariant()}'")
            ?? throw new InvalidOperationException("The Customer role is missing: run PortalDatabase.InitializeAsync first.");

        // Not the earlier seed's numbers: they are removed first, and --force gives the same customers as a fresh database.
        var numbers = store.Strings($"SELECT \"CustomerNumber\" FROM {users} WHERE COALESCE(\"NormalizedEmail\", '') NOT LIKE '{seedPattern}'");
        var plan = ScaleSeedPlan.Create(options, asOf, numbers);
        // Hashed once (PBKDF2 is slow on purpose); every seeded customer shares it.
        var passwordHash = hasher.HashPassword(new PortalUser(), Password);
        // Only once the plan is known to work (bad sizes throw above).
        if (earlier > 0) store.RemoveEarlierSeed(seedPattern, users, userRoles, purchases, lines, refunds);

        store.BeginLoad();
        var phases = new Dictionary<ScaleSeedPhase, TimeSpan>();
        var phase = Stopwatch.StartNew();
        InsertCustomers(store, plan, passwordHash, roleId, progress, ct);
        phases[ScaleSeedPhase.Customers] = phase.Elapsed;

        phase.Restart();
        store.DropIndexes([purchases, lines, refunds]);
        var (lineCount, refundCount) = InsertPurchases(store, plan, progress, ct);
        phases[ScaleSeedPhase.Purchases] = phase.Elapsed;

        phase.Restart();
        var steps = store.IndexSteps;
        store.RestoreIndexes(i => progress?.Report(new(ScaleSeedPhase.Indexes, i, steps)), ct);
        await store.CommitAsync(ct);
        await store.AfterCommitAsync([users, userRoles, purchases, lines, refunds], CancellationToken.None);
        progress?.Report(new(ScaleSeedPhase.Indexes, steps, steps));
        phases[ScaleSeedPhase.Indexes] = phase.Elapsed;

        var mix = plan.Customers.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count());
        var bench = plan.Customers.Where(c => c.Kind == BuyerKind.Bench200).Select(c => c.Email).ToList();
        return new ScaleSeedResult(plan.Customers.Length, plan.PurchaseCount, lineCount, refundCount, mix, bench, asOf, earlier, phases, elapsed.Elapsed)
        {
            SharedDatabase = store.SharedDatabase,
        };
    }

    private static void InsertCustomers(ScaleSeedStore store, ScaleSeedPlan plan, string passwordHash, string roleId,
        IProgress<ScaleSeedProgress>? progress, CancellationToken ct)
    {
        using var users = store.Rows<PortalUser>();
        using var roles = store.Rows<IdentityUserRole<string>>();
        var role = new IdentityUserRole<string> { RoleId = roleId };
        var total = plan.Customers.Length;
        for (var i = 0; i < total; i++)
        {
            if (i % ReportEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                store.EndOfBatch();
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
        store.EndOfBatch();
        progress?.Report(new(ScaleSeedPhase.Customers, total, total));
    }

    private (long Lines, long Refunds) InsertPurchases(ScaleSeedStore store, ScaleSeedPlan plan,
        IProgress<ScaleSeedProgress>? progress, CancellationToken ct)
    {
        long purchaseId = store.NextId(store.Table<Purchase>()), lineId = store.NextId(store.Table<PurchaseLine>()), refundId = store.NextId(store.Table<PurchaseRefund>());
        // Purchases before lines and refunds: a writer that buffers sends its tables in this order.
        using var purchases = store.Rows<Purchase>();
        using var lines = store.Rows<PurchaseLine>();
        using var refunds = store.Rows<PurchaseRefund>();
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
                store.EndOfBatch();
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
            var refundAt = new DateTime(ScaleSeedPlan.Microseconds(at.AddDays(1 + random.NextDouble() * 13).Ticks), DateTimeKind.Utc);
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
        store.EndOfBatch();
        progress?.Report(new(ScaleSeedPhase.Purchases, total, total));
        return (lineCount, refundCount);
    }
}
