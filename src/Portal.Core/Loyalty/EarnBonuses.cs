using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Data;

namespace Portal.Core.Loyalty;

public enum EarnBonusKind { SignUp, CompleteProfile }

/// <summary>A way to earn besides shopping, set by staff: points given once per customer when it happens.</summary>
public class EarnBonus
{
    public EarnBonusKind Kind { get; set; }
    public long Points { get; set; }
    public bool IsActive { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public string? UpdatedByName { get; set; }
}

internal sealed class EarnBonusConfiguration : IEntityTypeConfiguration<EarnBonus>
{
    public void Configure(EntityTypeBuilder<EarnBonus> bonus)
    {
        bonus.HasKey(b => b.Kind);
        bonus.Property(b => b.Kind).HasConversion<string>().HasMaxLength(32);
        bonus.Property(b => b.UpdatedByName).HasMaxLength(100);
    }
}

/// <summary>
/// The sign-up and completed-profile bonuses: configured by staff, credited through the ledger under one
/// idempotency key per customer and kind, so a double submit, a retry or a race gives them once.
/// </summary>
public sealed class EarnBonuses(PointsLedger ledger, PortalDbContext db, TimeProvider clock)
{
    // Read on every visit to the points page: compiled once.
    private static readonly CompiledPerModel<Func<PortalDbContext, IAsyncEnumerable<EarnBonus>>> Stored = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db) => db.Set<EarnBonus>().AsNoTracking()));

    public const long MaxPoints = 100_000;

    public static string KeyFor(EarnBonusKind kind) => kind == EarnBonusKind.SignUp ? "earn-bonus:signup" : "earn-bonus:profile";

    public static string SourceFor(EarnBonusKind kind) => kind == EarnBonusKind.SignUp ? "signup" : "profile";

    /// <summary>The bonuses switched on, for "ways to earn".</summary>
    public async Task<IReadOnlyList<EarnBonus>> CurrentAsync(CancellationToken ct = default) =>
        (await AllAsync(ct)).Where(b => b.IsActive && b.Points > 0).ToList();

    /// <summary>Both kinds, switched off with 0 points until staff set them.</summary>
    public async Task<IReadOnlyList<EarnBonus>> AllAsync(CancellationToken ct = default)
    {
        var stored = await Stored.For(db)(db).ToListAsync(ct);
        return Enum.GetValues<EarnBonusKind>()
            .Select(k => stored.FirstOrDefault(b => b.Kind == k) ?? new EarnBonus { Kind = k })
            .ToList();
    }

    public async Task<bool> SaveAsync(EarnBonusKind kind, long points, bool active, string staffName, CancellationToken ct = default)
    {
        if (points is < 0 or > MaxPoints) return false;
        var bonus = await db.Set<EarnBonus>().FirstOrDefaultAsync(b => b.Kind == kind, ct);
        if (bonus is null) db.Add(bonus = new EarnBonus { Kind = kind });
        bonus.Points = points;
        bonus.IsActive = active;
        bonus.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        bonus.UpdatedByName = staffName;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Name, phone and birthday given: what "a completed profile" means here.</summary>
    public static bool IsComplete(Customers.PortalUser user) =>
        !string.IsNullOrWhiteSpace(user.DisplayName) && !string.IsNullOrWhiteSpace(user.PhoneNumber) && user.BirthDate is not null;

    /// <summary>
    /// Credits <paramref name="kind"/> if it is switched on (and, for the profile bonus, the profile is complete);
    /// the entry written, the one written before, or null when nothing is due.
    /// </summary>
    public async Task<PointsEntry?> GrantAsync(string customerId, EarnBonusKind kind, CancellationToken ct = default)
    {
        var bonus = await db.Set<EarnBonus>().AsNoTracking().FirstOrDefaultAsync(b => b.Kind == kind, ct);
        if (bonus is not { IsActive: true, Points: > 0 }) return null;
        if (kind == EarnBonusKind.CompleteProfile)
        {
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == customerId, ct);
            if (user is null || !IsComplete(user)) return null;
        }
        var key = KeyFor(kind);
        var result = await ledger.WriteAsync(customerId, async session =>
        {
            if (await session.FindEntryAsync(key) is { } done) return LedgerResult<PointsEntry>.Answer(done);
            if (!await session.CustomerExistsAsync()) return LedgerResult<PointsEntry>.Fail(LoyaltyError.CustomerNotFound);
            return LedgerResult<PointsEntry>.Ok(session.Credit(PointsEntryKind.Bonus, bonus.Points, session.Now, 0, session.Now, SourceFor(kind), key));
        }, ct);
        return result.Value;
    }
}
