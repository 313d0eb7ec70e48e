using System.Globalization;
using Portal.Core.Customers;

namespace Portal.Core.Demo;

internal sealed class SeedCustomer
{
    public required string Id { get; init; }
    public required string Email { get; init; }
    public required string DisplayName { get; init; }
    public required string Language { get; init; }
    public required string Number { get; init; }
    public string? Phone { get; init; }
    public DateOnly BirthDate { get; init; }
    public DateTime MemberSinceUtc { get; init; }
    public required string SecurityStamp { get; init; }
    public required string ConcurrencyStamp { get; init; }
    public BuyerKind Kind { get; set; }
    /// <summary>Purchases stop here: now for active buyers, months ago for lapsed ones.</summary>
    public DateTime ActiveUntilUtc { get; set; }
    /// <summary>Shape of activity over time: below 0 slowing down (at risk), above 0 speeding up.</summary>
    public double Trend { get; set; }
    /// <summary>Multiplies every line amount: some customers spend more per visit.</summary>
    public double Basket { get; set; }
    public int PurchaseCount { get; set; }
}

/// <summary>
/// Who the seeded customers are, how they buy and when each purchase happens, drawn from one seeded
/// <see cref="Random"/> (deterministic); the purchases' lines are drawn from <see cref="Random"/> afterwards, in time order.
/// </summary>
internal sealed class ScaleSeedPlan
{
    // Of the customers who are not bench customers; lapsed needs 6 months of membership, else the customer is regular.
    public static readonly IReadOnlyList<(BuyerKind Kind, double Share)> Mix =
    [
        (BuyerKind.Heavy, 0.07), (BuyerKind.Regular, 0.38), (BuyerKind.Lapsed, 0.27), (BuyerKind.OneOff, 0.20), (BuyerKind.NoPurchases, 0.08),
    ];

    // Purchases per active year, relative.
    private static double Rate(BuyerKind kind) => kind switch { BuyerKind.Heavy => 8, BuyerKind.Regular => 1.6, _ => 1.2 };

    // Local shopping hours in Riyadh (UTC+3), weights for 00:00 … 23:00 local time.
    private static readonly double[] LocalHourWeights = [1, 0.5, 0.2, 0, 0, 0, 0.2, 0.5, 1, 2, 3, 3, 3, 3, 3, 3, 4, 5, 6, 7, 7, 6, 4, 2];
    private const int UtcOffsetHours = 3;
    private const int MembershipDays = 3 * 365;
    public const int BenchPurchases = 200;

    public required Random Random { get; init; }
    public required DateTime AsOfUtc { get; init; }
    public required SeedCustomer[] Customers { get; init; }
    /// <summary>Every purchase's time (ticks, UTC) and customer (index into <see cref="Customers"/>), sorted by time.</summary>
    public required long[] Times { get; init; }
    public required int[] Owners { get; init; }
    public int PurchaseCount => Times.Length;

    /// <summary>Customers with exactly 200 purchases: one per 10,000 customers (at least one, at most ten) while purchases allow.</summary>
    public static int BenchCount(int customers, int purchases)
    {
        var count = Math.Clamp(customers / 10_000, 1, 10);
        while (count > 0 && count * BenchPurchases > purchases / 2) count--;
        return Math.Min(count, customers);
    }

    public static ScaleSeedPlan Create(ScaleSeedOptions options, DateTime asOf, HashSet<string> usedNumbers)
    {
        if (options.Customers < 1) throw new ArgumentException("--customers must be at least 1.");
        if (options.Purchases < 0) throw new ArgumentException("--purchases cannot be negative.");
        var random = new Random(options.Seed);
        var customers = new SeedCustomer[options.Customers];
        var bench = BenchCount(options.Customers, options.Purchases);
        for (var i = 0; i < customers.Length; i++)
            customers[i] = NewCustomer(random, i, i < bench, asOf, usedNumbers);

        AssignCounts(random, customers, options.Purchases);

        var times = new long[options.Purchases];
        var owners = new int[options.Purchases];
        var utcHourWeights = Enumerable.Range(0, 24).Select(h => LocalHourWeights[(h + UtcOffsetHours) % 24]).ToArray();
        var weightSum = utcHourWeights.Sum();
        var p = 0;
        for (var c = 0; c < customers.Length; c++)
        {
            var customer = customers[c];
            var from = customer.MemberSinceUtc;
            var span = customer.ActiveUntilUtc - from;
            for (var j = 0; j < customer.PurchaseCount; j++)
            {
                // Density ∝ x^trend over the active span; one-off buyers buy soon after joining.
                var u = random.NextDouble();
                var x = customer.Kind == BuyerKind.OneOff ? u * u : Math.Pow(u, 1 / (customer.Trend + 1));
                var at = from + span * x;
                var roll = random.NextDouble() * weightSum;
                var hour = 0;
                while (hour < 23 && (roll -= utcHourWeights[hour]) >= 0) hour++;
                var shopped = at.Date.AddHours(hour).AddSeconds(random.Next(3600));
                times[p] = Microseconds((shopped >= from && shopped < customer.ActiveUntilUtc ? shopped : at).Ticks);
                owners[p++] = c;
            }
        }
        Array.Sort(times, owners);
        return new ScaleSeedPlan { Random = random, AsOfUtc = asOf, Customers = customers, Times = times, Owners = owners };
    }

    private static SeedCustomer NewCustomer(Random random, int index, bool bench, DateTime asOf, HashSet<string> usedNumbers)
    {
        // More customers joined lately (the business grows): join density rises over the three years.
        var ageDays = bench ? 900 + random.NextDouble() * 60 : 1 + (MembershipDays - 1) * (1 - Math.Sqrt(random.NextDouble()));
        var memberSince = new DateTime(Microseconds((asOf - TimeSpan.FromDays(ageDays)).Ticks), DateTimeKind.Utc);

        string displayName, first, last, language;
        if (random.NextDouble() < 0.55)
        {
            var firsts = random.Next(2) == 0 ? ScaleSeedNames.ArabicMale : ScaleSeedNames.ArabicFemale;
            var (arFirst, latinFirst) = firsts[random.Next(firsts.Length)];
            var (arFamily, latinFamily) = ScaleSeedNames.ArabicFamily[random.Next(ScaleSeedNames.ArabicFamily.Length)];
            (displayName, first, last) = ($"{arFirst} {arFamily}", latinFirst, latinFamily);
            language = random.NextDouble() < 0.85 ? Languages.Arabic : Languages.English;
        }
        else
        {
            first = ScaleSeedNames.EnglishFirst[random.Next(ScaleSeedNames.EnglishFirst.Length)];
            last = ScaleSeedNames.EnglishLast[random.Next(ScaleSeedNames.EnglishLast.Length)];
            displayName = $"{first} {last}";
            language = random.NextDouble() < 0.9 ? Languages.English : Languages.Arabic;
        }
        var email = bench
            ? index == 0 ? ScaleSeed.Bench200Email : $"bench200-{index + 1}@{ScaleSeed.EmailDomain}"
            : $"{first}.{last}.{index + 1}@{ScaleSeed.EmailDomain}".ToLowerInvariant();

        // Ages 18–66, most in their thirties and forties.
        var age = 18 + (int)((random.NextDouble() + random.NextDouble() + random.NextDouble()) * 16);
        var birth = DateOnly.FromDateTime(asOf).AddYears(-age).AddDays(-random.Next(365));
        var phone = random.NextDouble() < 0.7 ? "+9665" + random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture) : null;

        string number;
        Span<char> digits = stackalloc char[CustomerNumber.Length];
        do
        {
            digits[0] = (char)('1' + random.Next(9));
            for (var d = 1; d < CustomerNumber.Length - 1; d++) digits[d] = (char)('0' + random.Next(10));
            digits[^1] = (char)('0' + CustomerNumber.CheckDigit(digits[..^1]));
            number = new string(digits);
        } while (!usedNumbers.Add(number));

        var customer = new SeedCustomer
        {
            Id = NewGuid(random).ToString(),
            Email = email,
            DisplayName = displayName,
            Language = language,
            Number = number,
            Phone = phone,
            BirthDate = birth,
            MemberSinceUtc = memberSince,
            SecurityStamp = Base32(random, 20),
            ConcurrencyStamp = NewGuid(random).ToString(),
            ActiveUntilUtc = asOf,
            Basket = Math.Exp(Normal(random) * 0.35),
        };
        if (bench)
        {
            customer.Kind = BuyerKind.Bench200;
            customer.PurchaseCount = BenchPurchases;
            return customer;
        }
        var roll = random.NextDouble();
        customer.Kind = Mix.First(m => (roll -= m.Share) < 0 || m.Kind == BuyerKind.NoPurchases).Kind;
        if (customer.Kind == BuyerKind.Lapsed && ageDays < 180) customer.Kind = BuyerKind.Regular;
        customer.Trend = customer.Kind == BuyerKind.Lapsed ? -0.6 + random.NextDouble() * 1.1 : -0.6 + random.NextDouble() * 2.1;
        if (customer.Kind == BuyerKind.Lapsed)
        {
            // Stopped 100 days to 18 months ago, after at least a month as a member.
            var quietDays = 100 + random.NextDouble() * Math.Min(440, ageDays - 130);
            customer.ActiveUntilUtc = asOf - TimeSpan.FromDays(quietDays);
        }
        if (customer.Kind == BuyerKind.Heavy) customer.Basket *= 0.8;
        return customer;
    }

    private static void AssignCounts(Random random, SeedCustomer[] customers, int purchases)
    {
        var fixedCount = 0L;
        var variable = new List<SeedCustomer>();
        foreach (var c in customers)
        {
            switch (c.Kind)
            {
                case BuyerKind.Bench200: fixedCount += BenchPurchases; break;
                case BuyerKind.OneOff: c.PurchaseCount = 1; fixedCount++; break;
                case BuyerKind.NoPurchases: break;
                default: variable.Add(c); break;
            }
        }
        // Everyone who buys repeatedly gets two purchases; the rest is shared by rate × active time × a personal factor.
        var rest = purchases - fixedCount - 2L * variable.Count;
        if (rest < 0)
            throw new ArgumentException(
                $"--purchases {purchases:N0} is too few for {customers.Length:N0} customers: this mix needs at least {fixedCount + 2L * variable.Count:N0}.");
        if (variable.Count == 0)
        {
            if (rest > 0) throw new ArgumentException($"--purchases {purchases:N0} is too many for {customers.Length:N0} customers of whom none buys repeatedly.");
            return;
        }
        var weights = variable.Select(c => Rate(c.Kind) * Math.Exp(Normal(random) * 0.45) * Math.Max(1, (c.ActiveUntilUtc - c.MemberSinceUtc).TotalDays)).ToArray();
        var total = weights.Sum();
        var given = 0L;
        for (var i = 0; i < variable.Count; i++)
        {
            var share = (long)(rest * weights[i] / total);
            variable[i].PurchaseCount = 2 + (int)share;
            given += share;
        }
        for (var i = 0; given < rest; i = (i + 1) % variable.Count, given++) variable[i].PurchaseCount++;
    }

    /// <summary>Whole microseconds, what PostgreSQL keeps: both providers store the same times.</summary>
    public static long Microseconds(long ticks) => ticks - ticks % TimeSpan.TicksPerMicrosecond;

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    // What Identity's security stamps look like: base32 of 20 random bytes.
    private static string Base32(Random random, int byteCount)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Span<byte> bytes = stackalloc byte[byteCount];
        random.NextBytes(bytes);
        var chars = new char[byteCount * 8 / 5];
        for (var i = 0; i < chars.Length; i++)
        {
            var bit = i * 5;
            var value = ((bytes[bit / 8] << 8) | (bit / 8 + 1 < byteCount ? bytes[bit / 8 + 1] : 0)) >> (11 - bit % 8) & 31;
            chars[i] = Alphabet[value];
        }
        return new string(chars);
    }
}
