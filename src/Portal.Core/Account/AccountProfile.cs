using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.SpecialDates;

namespace Portal.Core.Account;

/// <summary>What a customer may change about themselves on /account (and PUT /api/customer-id/account).</summary>
public sealed record ProfileChange(string DisplayName, string? PhoneNumber, DateOnly? BirthDate, string PreferredLanguage, string? TimeZoneId);

public enum ProfileProblem { NameMissing, NameTooLong, PhoneNotPlausible, BirthDateNotPlausible, BirthdayChangeTooSoon, LanguageNotSupported, TimeZoneUnknown, TryAgain }

/// <param name="Field">"displayName", "phoneNumber", "birthDate", "preferredLanguage" or "timeZoneId".</param>
public sealed record ProfileError(string Field, ProfileProblem Problem, DateTime? AllowedFromUtc = null);

/// <param name="PhoneChanged">The number changed, so it is no longer verified.</param>
public sealed record ProfileResult(IReadOnlyList<ProfileError> Errors, bool LanguageChanged = false, bool PhoneChanged = false)
{
    public bool Succeeded => Errors.Count == 0;
}

public enum EmailChangeProblem { WrongPassword, NotAnEmail, SameEmail }

/// <summary>
/// The customer's own details: edited all together or not at all. The birthday earns a reward, so it follows the
/// special-dates rule (changed once a year); a new phone number needs verifying again.
/// </summary>
public sealed class AccountProfile(UserManager<PortalUser> users, PortalDbContext db, SpecialDatesProgram specialDates, TimeProvider clock, Outbox outbox,
    Loyalty.EarnBonuses earnBonuses)
{
    /// <summary>Where a requested new address waits for its confirmation link (an Identity user token, so it goes with the account).</summary>
    public const string TokenProvider = "Portal";
    public const string PendingEmailToken = "PendingEmail";

    public async Task<ProfileResult> UpdateAsync(string customerId, ProfileChange change, CancellationToken ct = default)
    {
        var errors = new List<ProfileError>();
        var name = Common.UserText.SingleLine(change.DisplayName);
        if (name.Length == 0) errors.Add(new("displayName", ProfileProblem.NameMissing));
        else if (name.Length > ProfileRules.MaxDisplayNameLength) errors.Add(new("displayName", ProfileProblem.NameTooLong));
        var phone = "";
        if (!string.IsNullOrWhiteSpace(change.PhoneNumber) && !ProfileRules.TryNormalizePhone(change.PhoneNumber, out phone))
            errors.Add(new("phoneNumber", ProfileProblem.PhoneNotPlausible));
        if (!Languages.IsSupported(change.PreferredLanguage)) errors.Add(new("preferredLanguage", ProfileProblem.LanguageNotSupported));
        var zone = string.IsNullOrWhiteSpace(change.TimeZoneId) ? null : change.TimeZoneId.Trim();
        if (zone is not null && (zone.Length > CustomerTimeZones.MaxIdLength || !CustomerTimeZones.IsValid(zone)))
            errors.Add(new("timeZoneId", ProfileProblem.TimeZoneUnknown));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (change.BirthDate is { } b && !ProfileRules.IsPlausibleBirthDate(b, today)) errors.Add(new("birthDate", ProfileProblem.BirthDateNotPlausible));
        if (errors.Count > 0) return new(errors);

        // Clears the change tracker: nothing loaded before it is saved by mistake.
        if (await specialDates.BirthdayChangeProblemAsync(customerId, change.BirthDate, ct) is { } tooSoon)
            return new([new("birthDate", ProfileProblem.BirthdayChangeTooSoon, tooSoon.AllowedFromUtc)]);

        var user = await users.FindByIdAsync(customerId) ?? throw new InvalidOperationException("No such customer.");
        var newPhone = phone.Length > 0 ? phone : null;
        var phoneChanged = user.PhoneNumber != newPhone;
        var languageChanged = user.PreferredLanguage != change.PreferredLanguage;
        user.DisplayName = name;
        user.BirthDate = change.BirthDate;
        user.PreferredLanguage = change.PreferredLanguage;
        user.TimeZoneId = zone;
        if (phoneChanged)
        {
            user.PhoneNumber = newPhone;
            user.PhoneNumberConfirmed = false;
        }
        // Saved with the change: a new phone number holds redemptions for a while (fraud rules).
        var phoneEvent = phoneChanged ? new Security.PhoneNumberChanged(user.Id) : null;
        if (phoneEvent is not null) outbox.Raise(phoneEvent);
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            if (phoneEvent is not null) outbox.Forget(phoneEvent);
            return new([new("displayName", ProfileProblem.TryAgain)]);
        }
        await specialDates.GrantDueAsync(customerId, ct);
        await earnBonuses.GrantAsync(customerId, Loyalty.EarnBonusKind.CompleteProfile, ct);
        return new([], languageChanged, phoneChanged);
    }

    /// <summary>
    /// Asks to move the account to <paramref name="newEmail"/>: nothing changes until the link mailed there is opened.
    /// The old address is told. The current password is asked, so an unattended session cannot take the account.
    /// </summary>
    public async Task<EmailChangeProblem?> RequestEmailChangeAsync(string customerId, string newEmail, string password)
    {
        var user = await users.FindByIdAsync(customerId) ?? throw new InvalidOperationException("No such customer.");
        if (!await users.CheckPasswordAsync(user, password)) return EmailChangeProblem.WrongPassword;
        var email = newEmail?.Trim() ?? "";
        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length > 256) return EmailChangeProblem.NotAnEmail;
        if (string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase)) return EmailChangeProblem.SameEmail;
        await using var tx = await db.Database.BeginTransactionAsync();
        await users.SetAuthenticationTokenAsync(user, TokenProvider, PendingEmailToken, email);
        outbox.Raise(new EmailChangeRequested(user.Id));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return null;
    }

    public Task<string?> PendingEmailAsync(PortalUser user) => users.GetAuthenticationTokenAsync(user, TokenProvider, PendingEmailToken);

    public async Task CancelEmailChangeAsync(string customerId)
    {
        if (await users.FindByIdAsync(customerId) is { } user) await users.RemoveAuthenticationTokenAsync(user, TokenProvider, PendingEmailToken);
    }

    /// <summary>Opens the link: the address (which is also the sign-in name) changes and counts as confirmed.</summary>
    public async Task<bool> ConfirmEmailChangeAsync(string customerId, string newEmail, string token)
    {
        if (await users.FindByIdAsync(customerId) is not { } user) return false;
        if (!string.Equals(await PendingEmailAsync(user), newEmail, StringComparison.OrdinalIgnoreCase)) return false;
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await users.ChangeEmailAsync(user, newEmail, token);
        if (result.Succeeded) result = await users.SetUserNameAsync(user, newEmail);
        if (!result.Succeeded) return false;
        await users.RemoveAuthenticationTokenAsync(user, TokenProvider, PendingEmailToken);
        await tx.CommitAsync();
        return true;
    }
}
