using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Customers;

public sealed record NewCustomer(
    string DisplayName, string Email, string Password, string? PhoneNumber, DateOnly? BirthDate, string PreferredLanguage);

/// <summary>Creates customer accounts: the one place a Customer ID is handed out.</summary>
public sealed class CustomerRegistration(UserManager<PortalUser> users, PortalDbContext db, TimeProvider clock, Events.Outbox outbox)
{
    private const int MaxNumberAttempts = 8;

    public async Task<(IdentityResult Result, PortalUser? User)> RegisterAsync(NewCustomer input, params string[] extraRoles)
    {
        var user = new PortalUser
        {
            UserName = Common.UserText.SingleLine(input.Email),
            Email = Common.UserText.SingleLine(input.Email),
            DisplayName = Common.UserText.SingleLine(input.DisplayName),
            PhoneNumber = string.IsNullOrWhiteSpace(input.PhoneNumber) ? null : input.PhoneNumber.Trim(),
            BirthDate = input.BirthDate,
            PreferredLanguage = Languages.IsSupported(input.PreferredLanguage) ? input.PreferredLanguage : Languages.English,
            MemberSinceUtc = clock.GetUtcNow().UtcDateTime,
            CustomerNumber = await UnusedNumberAsync(),
        };
        // The account and its roles land together or not at all: no customer without the Customer role.
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await users.CreateAsync(user, input.Password);
        if (result.Succeeded) result = await users.AddToRolesAsync(user, [Roles.Customer, .. extraRoles]);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync();
            // Identity checked (and hashed) the password before it found the email taken, so both answers take as long.
            if (IsEmailTaken(result) && await users.FindByEmailAsync(user.Email) is { } owner)
            {
                outbox.Raise(new RegistrationWithTakenEmail(owner.Id));
                await db.SaveChangesAsync();
            }
            return (result, null);
        }
        // The confirmation mail is the event's handler's job, out of the request.
        outbox.Raise(new AccountRegistered(user.Id));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return (result, user);
    }

    /// <summary>
    /// The only thing wrong was that the email already has an account. The form must then answer as it does for a
    /// new address (the owner is emailed instead), or it would tell anyone which addresses have accounts.
    /// </summary>
    public static bool IsEmailTaken(IdentityResult result) =>
        !result.Succeeded && result.Errors.Any()
        && result.Errors.All(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName));

    private async Task<string> UnusedNumberAsync()
    {
        // 900 million numbers: a collision is rare; the unique index is the final guard.
        for (var i = 0; i < MaxNumberAttempts; i++)
        {
            var candidate = CustomerNumber.NewRandom().Value;
            if (!await db.Users.AnyAsync(u => u.CustomerNumber == candidate)) return candidate;
        }
        throw new InvalidOperationException("Could not find an unused Customer ID.");
    }
}
