using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Data;

namespace Portal.Core.Loyalty;

/// <summary>Something customers can spend points on, managed by staff.</summary>
public class Reward
{
    public long Id { get; set; }
    public string NameEn { get; set; } = "";
    public string NameAr { get; set; } = "";
    public string? DescriptionEn { get; set; }
    public string? DescriptionAr { get; set; }
    public long CostPoints { get; set; }

    /// <summary>Codes left to give; null is unlimited.</summary>
    public int? Stock { get; set; }

    public Tier? MinimumTier { get; set; }
    public DateTime? AvailableFromUtc { get; set; }
    public DateTime? AvailableUntilUtc { get; set; }

    /// <summary>Staff switch a reward off instead of deleting it: redemptions keep pointing at it.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Raised by every staff change (edit, switch on or off): kept points pages see it.</summary>
    public long Revision { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public string Name(string language) => language == Customers.Languages.Arabic ? NameAr : NameEn;
    public string? Description(string language) => language == Customers.Languages.Arabic ? DescriptionAr : DescriptionEn;

    public bool IsAvailableAt(DateTime now) =>
        IsActive && (AvailableFromUtc is null || AvailableFromUtc <= now) && (AvailableUntilUtc is null || AvailableUntilUtc > now);
}

public enum RedemptionStatus { Issued, Used, Expired, Held, Cancelled }

/// <summary>A reward a customer bought with points: a single-use code they show at the counter.</summary>
public class Redemption
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public long RewardId { get; set; }
    public Reward Reward { get; set; } = null!;
    public long Points { get; set; }
    public string Code { get; set; } = "";

    /// <summary>Unique per customer: a double click or a retry with the same key gets the same redemption.</summary>
    public string RequestKey { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
    public DateTime? UsedAtUtc { get; set; }
    public string? UsedByName { get; set; }

    /// <summary>
    /// Held for a security check: the points are spent (reserved) but the code is neither shown nor accepted until
    /// staff release it; cancelling returns the points.
    /// </summary>
    public DateTime? HeldAtUtc { get; set; }

    public DateTime? CancelledAtUtc { get; set; }

    public RedemptionStatus Status => UsedAtUtc is null ? RedemptionStatus.Issued : RedemptionStatus.Used;

    /// <summary>Used, expired (not used within the configured validity) or ready.</summary>
    public RedemptionStatus StatusAt(DateTime now, LoyaltyOptions options) =>
        UsedAtUtc is not null ? RedemptionStatus.Used
        : CancelledAtUtc is not null ? RedemptionStatus.Cancelled
        : HeldAtUtc is not null ? RedemptionStatus.Held
        : options.CodeExpiresAt(CreatedAtUtc) is { } end && end <= now ? RedemptionStatus.Expired
        : RedemptionStatus.Issued;
}

internal sealed class RewardConfiguration : IEntityTypeConfiguration<Reward>
{
    public void Configure(EntityTypeBuilder<Reward> reward)
    {
        reward.Property(r => r.NameEn).HasMaxLength(RewardRules.MaxNameLength);
        reward.Property(r => r.NameAr).HasMaxLength(RewardRules.MaxNameLength);
        reward.Property(r => r.DescriptionEn).HasMaxLength(RewardRules.MaxDescriptionLength);
        reward.Property(r => r.DescriptionAr).HasMaxLength(RewardRules.MaxDescriptionLength);
    }
}

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> redemption)
    {
        redemption.Property(r => r.CustomerId).HasMaxLength(64);
        redemption.Property(r => r.Code).HasMaxLength(16);
        redemption.Property(r => r.RequestKey).HasMaxLength(100);
        redemption.Property(r => r.UsedByName).HasMaxLength(100);
        redemption.HasIndex(r => r.Code).IsUnique();
        redemption.HasIndex(r => new { r.CustomerId, r.RequestKey }).IsUnique();
        redemption.HasOne(r => r.Reward).WithMany().HasForeignKey(r => r.RewardId).OnDelete(DeleteBehavior.Restrict);
        redemption.HasOne<Customers.PortalUser>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        redemption.Ignore(r => r.Status);
    }
}

public static class RewardRules
{
    public const int MaxNameLength = 80;
    public const int MaxDescriptionLength = 500;
    public const long MaxCost = 1_000_000;
    public const int MaxRequestKeyLength = 100;

    // Crockford's base 32: no I, L, O or U, so a code read aloud or typed is hard to get wrong.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Ten random characters (50 bits), shown as XXXXX-XXXXX.</summary>
    public static string NewCode() => string.Create(10, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });

    public static string Grouped(string code) => code.Length == 10 ? $"{code[..5]}-{code[5..]}" : code;

    /// <summary>What staff type: any case, with or without the dash or spaces; O read as 0, I and L as 1.</summary>
    public static string Normalize(string? typed) =>
        new string((typed ?? "").ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).ToArray())
            .Replace('O', '0').Replace('I', '1').Replace('L', '1');
}

public enum RewardEditError { NameRequired, NameTooLong, DescriptionTooLong, InvalidCost, InvalidStock, InvalidWindow }

/// <summary>A reward as the customer sees it: can they have it now, and if not, why.</summary>
public sealed record CatalogItem(Reward Reward, bool Affordable, bool TierAllows, bool InStock)
{
    public bool CanRedeem => Affordable && TierAllows && InStock;
}

/// <summary>The rewards catalog and redemption: points are spent through the ledger, stock and points in one transaction.</summary>
public sealed class RewardsCatalog(PointsLedger ledger, PortalDbContext db, TimeProvider clock, Security.IRedemptionScreen? screen = null)
{
    public async Task<IReadOnlyList<CatalogItem>> CatalogForAsync(string customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var summary = await ledger.SummaryAsync(customerId, ct);
        return Items(await ActiveRewardsAsync(ct), summary, now);
    }

    /// <summary>The switched-on rewards, cheapest first (available or not at this moment).</summary>
    public async Task<IReadOnlyList<Reward>> ActiveRewardsAsync(CancellationToken ct = default) => await ActiveRewards.For(db)(db).ToListAsync(ct);

    /// <summary>The catalog as the customer with <paramref name="summary"/> sees it at <paramref name="now"/>.</summary>
    public static IReadOnlyList<CatalogItem> Items(IEnumerable<Reward> activeRewards, LoyaltySummary summary, DateTime now) =>
        activeRewards.Where(r => r.IsAvailableAt(now))
            .Select(r => new CatalogItem(r, summary.Active >= r.CostPoints, r.MinimumTier is null || summary.Tier.Tier >= r.MinimumTier, r.Stock is null or > 0))
            .ToList();

    public async Task<IReadOnlyList<Reward>> AllAsync(CancellationToken ct = default) =>
        await db.Set<Reward>().AsNoTracking().OrderByDescending(r => r.IsActive).ThenBy(r => r.CostPoints).ToListAsync(ct);

    public Task<Reward?> FindAsync(long id, CancellationToken ct = default) =>
        db.Set<Reward>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    public static RewardEditError? Validate(Reward reward)
    {
        if (string.IsNullOrWhiteSpace(reward.NameEn) || string.IsNullOrWhiteSpace(reward.NameAr)) return RewardEditError.NameRequired;
        if (reward.NameEn.Trim().Length > RewardRules.MaxNameLength || reward.NameAr.Trim().Length > RewardRules.MaxNameLength) return RewardEditError.NameTooLong;
        if (reward.DescriptionEn?.Length > RewardRules.MaxDescriptionLength || reward.DescriptionAr?.Length > RewardRules.MaxDescriptionLength) return RewardEditError.DescriptionTooLong;
        if (reward.CostPoints is < 1 or > RewardRules.MaxCost) return RewardEditError.InvalidCost;
        if (reward.Stock is < 0) return RewardEditError.InvalidStock;
        if (reward.AvailableFromUtc is { } from && reward.AvailableUntilUtc is { } until && until <= from) return RewardEditError.InvalidWindow;
        return null;
    }

    /// <summary>Adds (Id 0) or updates a reward.</summary>
    public async Task<(Reward? Reward, RewardEditError? Error)> SaveAsync(Reward input, CancellationToken ct = default)
    {
        if (Validate(input) is { } error) return (null, error);
        var reward = input.Id == 0 ? new Reward { CreatedAtUtc = clock.GetUtcNow().UtcDateTime } : await db.Set<Reward>().FirstOrDefaultAsync(r => r.Id == input.Id, ct);
        if (reward is null) return (null, null);
        reward.NameEn = input.NameEn.Trim();
        reward.NameAr = input.NameAr.Trim();
        reward.DescriptionEn = string.IsNullOrWhiteSpace(input.DescriptionEn) ? null : input.DescriptionEn.Trim();
        reward.DescriptionAr = string.IsNullOrWhiteSpace(input.DescriptionAr) ? null : input.DescriptionAr.Trim();
        reward.CostPoints = input.CostPoints;
        reward.Stock = input.Stock;
        reward.MinimumTier = input.MinimumTier;
        reward.AvailableFromUtc = input.AvailableFromUtc;
        reward.AvailableUntilUtc = input.AvailableUntilUtc;
        reward.IsActive = input.IsActive;
        reward.Revision++;
        if (reward.Id == 0) db.Add(reward);
        await db.SaveChangesAsync(ct);
        return (reward, null);
    }

    /// <summary>Switches a reward on or off without rewriting the rest (its stock changes with every redemption).</summary>
    public async Task<bool> SetActiveAsync(long id, bool active, CancellationToken ct = default) =>
        await db.Set<Reward>().Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.IsActive, active).SetProperty(r => r.Revision, r => r.Revision + 1), ct) == 1;

    /// <summary>
    /// Spends the reward's cost and issues a code, once per <paramref name="requestKey"/>: a repeat returns the same
    /// redemption. Racing requests are serialised by the ledger, so a balance that covers one reward gives one code.
    /// </summary>
    public Task<LedgerResult<Redemption>> RedeemAsync(string customerId, long rewardId, string requestKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(requestKey) || requestKey.Length > RewardRules.MaxRequestKeyLength)
            throw new ArgumentException("A request key of 1–100 characters is required.", nameof(requestKey));
        return ledger.WriteAsync(customerId, async session =>
        {
            var done = await db.Set<Redemption>().AsNoTracking().Include(r => r.Reward)
                .FirstOrDefaultAsync(r => r.CustomerId == customerId && r.RequestKey == requestKey, ct);
            if (done is not null) return LedgerResult<Redemption>.Answer(done);
            var reward = await db.Set<Reward>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rewardId, ct);
            if (reward is null || !reward.IsActive) return LedgerResult<Redemption>.Fail(LoyaltyError.RewardNotFound);
            if (!reward.IsAvailableAt(session.Now)) return LedgerResult<Redemption>.Fail(LoyaltyError.RewardNotAvailable);
            if (reward.MinimumTier is { } minimum && session.TierAt(session.Now).Tier < minimum) return LedgerResult<Redemption>.Fail(LoyaltyError.TierTooLow);
            if (session.Active < reward.CostPoints) return LedgerResult<Redemption>.Fail(LoyaltyError.InsufficientPoints);
            if (reward.Stock is not null)
            {
                // Conditional, so two customers racing for the last one cannot both get it.
                var taken = await db.Set<Reward>().Where(r => r.Id == rewardId && r.Stock > 0)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Stock, r => r.Stock - 1), ct);
                if (taken == 0) return LedgerResult<Redemption>.Fail(LoyaltyError.OutOfStock);
            }
            var code = RewardRules.NewCode();
            var entry = session.Debit(PointsEntryKind.Redeem, reward.CostPoints, "redemption:" + code, "redeem:" + requestKey);
            if (entry is null) return LedgerResult<Redemption>.Fail(LoyaltyError.InsufficientPoints);
            var redemption = new Redemption
            {
                CustomerId = customerId, RewardId = reward.Id, Points = reward.CostPoints, Code = code,
                RequestKey = requestKey, CreatedAtUtc = session.Now,
            };
            // Held redemptions spend (reserve) the points now; the code waits for staff.
            var hold = screen is null ? null : await screen.HoldReasonAsync(customerId, reward.CostPoints, session.Now, ct);
            if (hold is not null) redemption.HeldAtUtc = session.Now;
            db.Add(redemption);
            redemption.Reward = reward;
            db.Entry(reward).State = EntityState.Unchanged;
            session.Raise(() => new RewardRedeemed(customerId, redemption.Id, redemption.Points));
            if (hold is { } reason) session.Raise(() => new Security.RedemptionHeld(customerId, redemption.Id, redemption.Points, reason));
            return LedgerResult<Redemption>.Ok(redemption);
        }, ct);
    }

    public async Task<IReadOnlyList<Redemption>> RedemptionsAsync(string customerId, CancellationToken ct = default) =>
        await RedemptionsOf.For(db)(db, customerId).ToListAsync(ct);

    // The points page reads the catalogue and the customer's redemptions on every visit: compiled once (EF skips
    // building the query and looking it up in its cache).
    private static readonly CompiledPerModel<Func<PortalDbContext, IAsyncEnumerable<Reward>>> ActiveRewards = new(() =>
        EF.CompileAsyncQuery<PortalDbContext, Reward>(db =>
            db.Set<Reward>().AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.CostPoints).ThenBy(r => r.Id)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<Redemption>>> RedemptionsOf = new(() =>
        EF.CompileAsyncQuery<PortalDbContext, string, Redemption>((db, customerId) =>
            db.Set<Redemption>().AsNoTracking().Include(r => r.Reward).Where(r => r.CustomerId == customerId).OrderByDescending(r => r.Id)));

    /// <summary>A page of <see cref="RedemptionsAsync(string, CancellationToken)"/>: those older than <paramref name="before"/> (an id).</summary>
    public async Task<IReadOnlyList<Redemption>> RedemptionsAsync(string customerId, long? before, int take, CancellationToken ct = default) =>
        await db.Set<Redemption>().AsNoTracking().Include(r => r.Reward)
            .Where(r => r.CustomerId == customerId && (before == null || r.Id < before)).OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);

    public async Task<Redemption?> FindCodeAsync(string typed, CancellationToken ct = default)
    {
        var code = RewardRules.Normalize(typed);
        return await db.Set<Redemption>().AsNoTracking().Include(r => r.Reward).FirstOrDefaultAsync(r => r.Code == code, ct);
    }

    /// <summary>Marks a code used at the counter; only the first of two racing staff members succeeds.</summary>
    public async Task<LedgerResult<Redemption>> UseCodeAsync(string typed, string staffName, CancellationToken ct = default)
    {
        var code = RewardRules.Normalize(typed);
        var now = clock.GetUtcNow().UtcDateTime;
        // Codes issued before this moment have run out (when a validity is configured).
        var issuedAfter = ledger.Options.RewardCodeValidDays > 0 ? now.AddDays(-ledger.Options.RewardCodeValidDays) : DateTime.MinValue;
        var used = await db.Set<Redemption>().Where(r => r.Code == code && r.UsedAtUtc == null && r.CreatedAtUtc > issuedAfter
                && r.HeldAtUtc == null && r.CancelledAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UsedAtUtc, now).SetProperty(r => r.UsedByName, staffName), ct);
        var redemption = await FindCodeAsync(code, ct);
        if (redemption is null) return LedgerResult<Redemption>.Fail(LoyaltyError.CodeNotFound);
        if (used == 1) return LedgerResult<Redemption>.Ok(redemption);
        if (redemption.HeldAtUtc is not null || redemption.CancelledAtUtc is not null) return new(redemption, LoyaltyError.CodeHeld);
        return new(redemption, redemption.UsedAtUtc is null ? LoyaltyError.CodeExpired : LoyaltyError.CodeAlreadyUsed);
    }
}
