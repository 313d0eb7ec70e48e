using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Security;
using Portal.Core.Tickets;

namespace Portal.Core.Account;

public enum AccountDeletionState { Scheduled, Cancelled, Erased }

/// <summary>Who stopped a scheduled deletion: the customer's button, or signing in during the wait.</summary>
public enum DeletionCancelledBy { Customer, SignIn }

/// <summary>"Delete my account": asked for by the customer, erased by the daily job once <see cref="ScheduledForUtc"/> has passed.</summary>
public class AccountDeletion
{
    public Guid Id { get; set; }

    /// <summary>The account row stays as a tombstone, so its Customer ID is never handed out again.</summary>
    public string CustomerId { get; set; } = "";
    public AccountDeletionState State { get; set; }
    public DateTime RequestedAtUtc { get; set; }
    public DateTime ScheduledForUtc { get; set; }
    public DateTime? CancelledAtUtc { get; set; }
    public DeletionCancelledBy? CancelledBy { get; set; }
    public DateTime? ErasedAtUtc { get; set; }
}

internal sealed class AccountDeletionConfiguration : IEntityTypeConfiguration<AccountDeletion>
{
    public void Configure(EntityTypeBuilder<AccountDeletion> e)
    {
        e.ToTable("AccountDeletions");
        e.HasKey(x => x.Id);
        e.Property(x => x.CustomerId).HasMaxLength(450);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.CancelledBy).HasConversion<string>().HasMaxLength(16);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.CustomerId, x.RequestedAtUtc });
        e.HasIndex(x => new { x.State, x.ScheduledForUtc });
    }
}

public sealed class AccountDeletionOptions
{
    public int DelayDays { get; set; } = 14;
}

public enum DeletionProblem { WrongPassword, TwoFactorCodeRequired, WrongTwoFactorCode }

/// <summary>
/// What the customer loses, shown before they confirm, and what happens to what is still open: tickets are closed,
/// and while security alerts are in the security team's queue the erasure waits for their decision.
/// </summary>
public sealed record DeletionLosses(long Points, int SpecialDateRewards, int RewardCodes, int OfferCodes, int OpenTickets, int AlertsUnderReview = 0);

/// <summary>Requests, cancellations and the erasure itself.</summary>
public sealed class AccountDeletions(PortalDbContext db, UserManager<PortalUser> users, TimeProvider clock, AccountDeletionOptions options, IServiceProvider services)
{
    public const string Marker = "[deleted]";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The newest request, whatever its state.</summary>
    public Task<AccountDeletion?> LatestAsync(string customerId, CancellationToken ct = default) =>
        db.Set<AccountDeletion>().AsNoTracking().Where(d => d.CustomerId == customerId).OrderByDescending(d => d.RequestedAtUtc).FirstOrDefaultAsync(ct);

    public async Task<DeletionLosses> LossesAsync(string customerId, CancellationToken ct = default)
    {
        var now = Now;
        var points = await db.Set<PointsAccount>().Where(a => a.CustomerId == customerId).Select(a => (long?)a.Active).FirstOrDefaultAsync(ct) ?? 0;
        var special = await db.Set<SpecialDates.SpecialDateReward>().CountAsync(r => r.CustomerId == customerId && r.State == SpecialDates.SpecialDateRewardState.Available, ct);
        var codes = await db.Set<Redemption>().CountAsync(r => r.CustomerId == customerId && r.UsedAtUtc == null, ct);
        var offers = await db.Set<Offers.OfferActivation>().CountAsync(a => a.CustomerId == customerId && a.Status == Offers.ActivationStatus.Activated && a.ExpiresAtUtc > now, ct);
        var tickets = await db.Set<Ticket>().CountAsync(t => t.CustomerUserId == customerId && t.Status != TicketStatus.Closed, ct);
        return new(points, special, codes, offers, tickets, await AlertsUnderReviewAsync(customerId, ct));
    }

    /// <summary>
    /// Fraud alerts the security team has not decided yet (their queue). Erasing them would erase the evidence, so the
    /// erasure waits until they are decided; the customer is told before they ask, and staff see it on the profile.
    /// </summary>
    public Task<int> AlertsUnderReviewAsync(string customerId, CancellationToken ct = default) =>
        db.Set<SecurityAlert>().Where(SecurityAlerts.InQueue).CountAsync(a => a.CustomerId == customerId, ct);

    /// <summary>
    /// Schedules the erasure <see cref="AccountDeletionOptions.DelayDays"/> days out. The password (and the second
    /// factor when on) is asked, so an unattended session cannot delete the account; a wrong one changes nothing.
    /// Asking again while one is scheduled gives that one back.
    /// </summary>
    public async Task<(AccountDeletion? Deletion, DeletionProblem? Problem)> RequestAsync(string customerId, string? password, string? twoFactorCode, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(customerId) ?? throw new InvalidOperationException("No such customer.");
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password)) return (null, DeletionProblem.WrongPassword);
        if (user.TwoFactorEnabled)
        {
            var code = new string((twoFactorCode ?? "").Where(char.IsDigit).ToArray());
            if (code.Length == 0) return (null, DeletionProblem.TwoFactorCodeRequired);
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)) return (null, DeletionProblem.WrongTwoFactorCode);
        }
        if (await ScheduledAsync(customerId, ct) is { } open) return (open, null);
        var deletion = new AccountDeletion
        {
            Id = Guid.NewGuid(), CustomerId = customerId, State = AccountDeletionState.Scheduled,
            RequestedAtUtc = Now, ScheduledForUtc = Now.AddDays(options.DelayDays),
        };
        db.Add(deletion);
        await db.SaveChangesAsync(ct);
        return (deletion, null);
    }

    /// <summary>Stops a scheduled deletion; false when none was scheduled.</summary>
    public async Task<bool> CancelAsync(string customerId, DeletionCancelledBy by, CancellationToken ct = default)
    {
        var open = await db.Set<AccountDeletion>().Where(d => d.CustomerId == customerId && d.State == AccountDeletionState.Scheduled).ToListAsync(ct);
        foreach (var d in open)
        {
            d.State = AccountDeletionState.Cancelled;
            d.CancelledAtUtc = Now;
            d.CancelledBy = by;
        }
        if (open.Count > 0) await db.SaveChangesAsync(ct);
        return open.Count > 0;
    }

    private Task<AccountDeletion?> ScheduledAsync(string customerId, CancellationToken ct) =>
        db.Set<AccountDeletion>().AsNoTracking().FirstOrDefaultAsync(d => d.CustomerId == customerId && d.State == AccountDeletionState.Scheduled, ct);

    /// <summary>
    /// Erases every account whose wait is over and that has no alert under review (those stay scheduled and are
    /// erased on the first run after the last alert is decided); one transaction per customer. Returns how many.
    /// </summary>
    public async Task<int> EraseDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        var due = await db.Set<AccountDeletion>().AsNoTracking()
            .Where(d => d.State == AccountDeletionState.Scheduled && d.ScheduledForUtc <= now).Select(d => d.Id).ToListAsync(ct);
        var erased = 0;
        foreach (var id in due)
        {
            if (await EraseAsync(id, ct)) erased++;
            db.ChangeTracker.Clear();
        }
        return erased;
    }

    private async Task<bool> EraseAsync(Guid deletionId, CancellationToken ct)
    {
        var files = new List<string>();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // SQLite keeps deleted rows' bytes in free pages unless told to overwrite them.
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", ct);
            // Read inside the transaction: a sign-in that cancelled it a moment ago wins.
            var deletion = await db.Set<AccountDeletion>().FirstOrDefaultAsync(d => d.Id == deletionId && d.State == AccountDeletionState.Scheduled, ct);
            if (deletion is null || await AlertsUnderReviewAsync(deletion.CustomerId, ct) > 0) return false;
            var user = await db.Users.FirstAsync(u => u.Id == deletion.CustomerId, ct);

            files.AddRange(await CustomerErasure.FilesAsync(db, services, user, ct));
            foreach (var decision in CustomerErasure.Decisions) await decision.Apply(db, user.Id, Now, ct);
            Anonymise(user);
            deletion.State = AccountDeletionState.Erased;
            deletion.ErasedAtUtc = Now;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        // Files go once the rows that point at them are gone.
        foreach (var file in files)
            if (File.Exists(file)) File.Delete(file);
        return true;
    }

    /// <summary>The tombstone: the row keeps its id and Customer ID, nothing else about the person.</summary>
    private static void Anonymise(PortalUser user)
    {
        var placeholder = $"deleted-{Guid.NewGuid():N}@deleted.invalid";
        user.UserName = user.Email = placeholder;
        user.NormalizedUserName = user.NormalizedEmail = placeholder.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.DisplayName = Marker;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.BirthDate = null;
        user.TimeZoneId = null;
        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        user.LockoutEnabled = true;
        user.LockoutEnd = PortalUser.AdminLockEnd;
        user.AccessFailedCount = 0;
    }
}
