using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Notifications.Sms;

public sealed class PhoneVerificationOptions
{
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromSeconds(60);
    public int MaxSendsPerWindow { get; set; } = 5;
    public TimeSpan SendWindow { get; set; } = TimeSpan.FromHours(1);
    public int MaxWrongCodes { get; set; } = 5;
    public TimeSpan LockFor { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// A customer's phone verification in progress: the number, the hashed code and its expiry, wrong attempts, the lock,
/// and the sends in the current window (kept after success, so the rate limit holds across numbers).
/// </summary>
public class PhoneVerificationState
{
    public string CustomerId { get; set; } = "";

    /// <summary>The number the code was sent to, E.164.</summary>
    public string? PhoneNumber { get; set; }

    /// <summary>"salt.hash" (base64, HMAC-SHA256); never the code itself.</summary>
    public string? CodeHash { get; set; }
    public DateTime? CodeExpiresAtUtc { get; set; }
    public int FailedAttempts { get; set; }
    public DateTime? LockedUntilUtc { get; set; }
    public DateTime? LastSentAtUtc { get; set; }
    public DateTime? WindowStartedAtUtc { get; set; }
    public int SendsInWindow { get; set; }

    /// <summary>Concurrency token: two racing requests cannot both pass the limits or lose a wrong attempt.</summary>
    public int Version { get; set; }
}

internal sealed class PhoneVerificationStateConfiguration : IEntityTypeConfiguration<PhoneVerificationState>
{
    public void Configure(EntityTypeBuilder<PhoneVerificationState> state)
    {
        state.ToTable("PhoneVerifications");
        state.HasKey(s => s.CustomerId);
        state.Property(s => s.CustomerId).HasMaxLength(64);
        state.Property(s => s.PhoneNumber).HasMaxLength(20);
        state.Property(s => s.CodeHash).HasMaxLength(100);
        state.Property(s => s.Version).IsConcurrencyToken();
        state.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public enum PhoneVerificationOutcome
{
    CodeSent,
    Verified,
    /// <summary>Not a phone number we can text.</summary>
    InvalidNumber,
    /// <summary>This number is already the customer's verified one.</summary>
    AlreadyVerified,
    /// <summary>A code went out less than a minute ago; see <see cref="PhoneVerificationResult.RetryAtUtc"/>.</summary>
    TooSoon,
    /// <summary>Too many codes this hour; see <see cref="PhoneVerificationResult.RetryAtUtc"/>.</summary>
    TooManyCodes,
    /// <summary>Too many wrong codes; see <see cref="PhoneVerificationResult.RetryAtUtc"/>.</summary>
    Locked,
    NoCodePending,
    Expired,
    /// <summary>Counted; <see cref="PhoneVerificationResult.AttemptsLeft"/> before the lock.</summary>
    WrongCode,
    /// <summary>Not six digits: not counted.</summary>
    MalformedCode,
    /// <summary>The gateway refused or could not be reached; the send still counts towards the limits.</summary>
    SendFailed,
    /// <summary>Another request for the same customer changed things at the same moment.</summary>
    Busy,
}

public sealed record PhoneVerificationResult(PhoneVerificationOutcome Outcome, string? PhoneNumber = null, DateTime? RetryAtUtc = null,
    int AttemptsLeft = 0, DateTime? ExpiresAtUtc = null)
{
    public bool Succeeded => Outcome is PhoneVerificationOutcome.CodeSent or PhoneVerificationOutcome.Verified or PhoneVerificationOutcome.AlreadyVerified;
}

/// <summary>What the customer's phone section shows.</summary>
/// <param name="VerifiedPhone">The confirmed number (E.164 or as stored), null when none.</param>
/// <param name="PendingPhone">A number waiting for its code, while the code is valid.</param>
public sealed record PhoneVerificationStatus(string? VerifiedPhone, string? PendingPhone, DateTime? CodeExpiresAtUtc,
    DateTime? LockedUntilUtc, int AttemptsLeft)
{
    public bool IsVerified => VerifiedPhone is not null;

    /// <summary>The number on the profile, verified or not.</summary>
    public string? ProfilePhone { get; init; }

    /// <summary>The customer's time zone, read with the number: the section shows the code's expiry in it.</summary>
    public string? TimeZoneId { get; init; }
}

/// <summary>Localized text of the code message; the web project supplies the translated one.</summary>
public interface IPhoneVerificationText
{
    string CodeMessage(string code, string language, TimeSpan lifetime);
}

public sealed class EnglishPhoneVerificationText : IPhoneVerificationText
{
    public string CodeMessage(string code, string language, TimeSpan lifetime) =>
        $"{code} is your CustomerPortal verification code. It expires in {(int)lifetime.TotalMinutes} minutes. Do not share it.";
}

/// <summary>
/// Verifies a customer's phone number with a one-time code by SMS: 6 digits, stored hashed, valid for 10 minutes;
/// at most one code a minute and 5 an hour; 5 wrong codes lock verification for 15 minutes. A right code makes the
/// number the customer's confirmed phone and changes the security stamp, as Identity's ChangePhoneNumberAsync does.
/// Used by /notifications and /account and the API.
/// </summary>
public sealed class PhoneVerificationService(PortalDbContext db, UserManager<PortalUser> users, ISmsGateway gateway,
    IPhoneVerificationText text, SmsOptions options, TimeProvider clock)
{
    private PhoneVerificationOptions Rules => options.Verification;

    // /notifications shows the status on every visit: compiled once, so EF skips building and looking the queries up.
    private sealed record PhoneRow(string? PhoneNumber, bool PhoneNumberConfirmed, string? TimeZoneId);

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<PhoneRow?>>> PhoneOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) => db.Users.AsNoTracking().Where(u => u.Id == customerId)
            .Select(u => new PhoneRow(u.PhoneNumber, u.PhoneNumberConfirmed, u.TimeZoneId)).SingleOrDefault()));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<PhoneVerificationState?>>> StateOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, CancellationToken ct) =>
            db.Set<PhoneVerificationState>().AsNoTracking().SingleOrDefault(s => s.CustomerId == customerId)));

    public async Task<PhoneVerificationStatus> StatusAsync(string customerId, CancellationToken ct = default)
    {
        var now = Now;
        var user = await PhoneOf.For(db)(db, customerId, ct);
        var state = await StateOf.For(db)(db, customerId, ct);
        var verified = user is { PhoneNumberConfirmed: true, PhoneNumber.Length: > 0 } ? user.PhoneNumber : null;
        var pending = state is { CodeHash: not null } && state.CodeExpiresAtUtc > now ? state : null;
        var locked = state?.LockedUntilUtc > now ? state.LockedUntilUtc : null;
        return new PhoneVerificationStatus(verified, pending?.PhoneNumber, pending?.CodeExpiresAtUtc, locked,
            Math.Max(0, Rules.MaxWrongCodes - (state?.FailedAttempts ?? 0)))
        {
            ProfilePhone = user?.PhoneNumber,
            TimeZoneId = user?.TimeZoneId,
        };
    }

    /// <summary>Texts a new code to <paramref name="phoneNumber"/> (any form the profile accepts), within the limits.</summary>
    public async Task<PhoneVerificationResult> RequestCodeAsync(string customerId, string? phoneNumber, CancellationToken ct = default)
    {
        if (!PhoneNumbers.TryNormalizeE164(phoneNumber, options.DefaultCountryCode, out var phone))
            return new(PhoneVerificationOutcome.InvalidNumber);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == customerId, ct);
        if (user.PhoneNumberConfirmed && user.PhoneNumber == phone) return new(PhoneVerificationOutcome.AlreadyVerified, phone);

        var now = Now;
        var state = await db.Set<PhoneVerificationState>().SingleOrDefaultAsync(s => s.CustomerId == customerId, ct);
        if (state is null) db.Add(state = new PhoneVerificationState { CustomerId = customerId });
        if (state.LockedUntilUtc > now) return new(PhoneVerificationOutcome.Locked, RetryAtUtc: state.LockedUntilUtc);
        if (state.LastSentAtUtc + Rules.ResendAfter > now) return new(PhoneVerificationOutcome.TooSoon, RetryAtUtc: state.LastSentAtUtc + Rules.ResendAfter);
        if (state.WindowStartedAtUtc is null || state.WindowStartedAtUtc + Rules.SendWindow <= now)
            (state.WindowStartedAtUtc, state.SendsInWindow) = (now, 0);
        if (state.SendsInWindow >= Rules.MaxSendsPerWindow)
            return new(PhoneVerificationOutcome.TooManyCodes, RetryAtUtc: state.WindowStartedAtUtc + Rules.SendWindow);

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        state.PhoneNumber = phone;
        state.CodeHash = Hash(customerId, phone, code);
        state.CodeExpiresAtUtc = now + Rules.CodeLifetime;
        state.LastSentAtUtc = now;
        state.SendsInWindow++;
        state.Version++;
        if (!await TrySaveAsync(ct)) return new(PhoneVerificationOutcome.Busy);

        try
        {
            var key = $"phone-verification:{customerId}:{now.Ticks}";
            await gateway.SendAsync(phone, text.CodeMessage(code, user.PreferredLanguage, Rules.CodeLifetime), key, ct);
        }
        catch (Exception e) when (e is HttpRequestException or SmsSendException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new(PhoneVerificationOutcome.SendFailed, phone, RetryAtUtc: now + Rules.ResendAfter);
        }
        return new(PhoneVerificationOutcome.CodeSent, phone, ExpiresAtUtc: state.CodeExpiresAtUtc);
    }

    /// <summary>Checks the code last sent; a wrong one counts, and the last allowed wrong one locks.</summary>
    public async Task<PhoneVerificationResult> ConfirmAsync(string customerId, string? code, CancellationToken ct = default)
    {
        var now = Now;
        var state = await db.Set<PhoneVerificationState>().SingleOrDefaultAsync(s => s.CustomerId == customerId, ct);
        if (state?.LockedUntilUtc > now) return new(PhoneVerificationOutcome.Locked, RetryAtUtc: state.LockedUntilUtc);
        if (state is not { CodeHash: not null, PhoneNumber: not null }) return new(PhoneVerificationOutcome.NoCodePending);
        var cleaned = ProfileRules.WesternDigits(code ?? "").Replace(" ", "").Replace("-", "");
        if (cleaned.Length != 6 || !cleaned.All(char.IsAsciiDigit)) return new(PhoneVerificationOutcome.MalformedCode, state.PhoneNumber);
        if (state.CodeExpiresAtUtc <= now) return new(PhoneVerificationOutcome.Expired, state.PhoneNumber);

        if (!Matches(state.CodeHash, customerId, state.PhoneNumber, cleaned))
        {
            state.FailedAttempts++;
            state.Version++;
            PhoneVerificationResult result;
            if (state.FailedAttempts >= Rules.MaxWrongCodes)
            {
                // The lock ends the code too: afterwards a new one is needed, and the count starts again.
                (state.LockedUntilUtc, state.FailedAttempts, state.CodeHash, state.CodeExpiresAtUtc) = (now + Rules.LockFor, 0, null, null);
                result = new(PhoneVerificationOutcome.Locked, RetryAtUtc: state.LockedUntilUtc);
            }
            else result = new(PhoneVerificationOutcome.WrongCode, state.PhoneNumber, AttemptsLeft: Rules.MaxWrongCodes - state.FailedAttempts);
            return await TrySaveAsync(ct) ? result : new(PhoneVerificationOutcome.Busy);
        }

        var phone = state.PhoneNumber;
        (state.CodeHash, state.CodeExpiresAtUtc, state.FailedAttempts, state.LockedUntilUtc) = (null, null, 0, null);
        state.Version++;
        var user = await users.FindByIdAsync(customerId) ?? throw new InvalidOperationException("No such customer.");
        (user.PhoneNumber, user.PhoneNumberConfirmed) = (phone, true);
        try
        {
            // Saves the user and the cleared state together (one context).
            var updated = await users.UpdateSecurityStampAsync(user);
            if (!updated.Succeeded) return new(PhoneVerificationOutcome.Busy);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(PhoneVerificationOutcome.Busy);
        }
        return new(PhoneVerificationOutcome.Verified, phone);
    }

    /// <summary>HMAC-SHA256 of the code under a random salt, bound to the customer and the number.</summary>
    internal static string Hash(string customerId, string phone, string code, byte[]? salt = null)
    {
        salt ??= RandomNumberGenerator.GetBytes(16);
        var mac = HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes($"{customerId}|{phone}|{code}"));
        return $"{Convert.ToBase64String(salt)}.{Convert.ToBase64String(mac)}";
    }

    internal static bool Matches(string stored, string customerId, string phone, string code)
    {
        var parts = stored.Split('.');
        if (parts.Length != 2) return false;
        var expected = Hash(customerId, phone, code, Convert.FromBase64String(parts[0]));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(stored));
    }

    private async Task<bool> TrySaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // A racing request won (concurrency token, or the first row inserted twice).
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
