using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Faq;

namespace Portal.Core.Demo;

/// <summary>Demo accounts for Development only. Adds what is missing; a second run adds nothing.</summary>
public sealed class DemoSeeder(UserManager<PortalUser> users, CustomerRegistration registration, PortalDbContext db, TimeProvider clock, DemoLoyalty loyalty)
{
    public const string Password = "Demo!2345";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("customer@demo.local", "Sam Carter", Languages.English, []),
        new("layla@demo.local", "ليلى الحربي", Languages.Arabic, []),
        new("agent@demo.local", "Omar Agent", Languages.English, [Roles.Agent]),
        new("staff@demo.local", "Sara Staff", Languages.English, [Roles.Staff]),
        new("admin@demo.local", "Adam Admin", Languages.English, [Roles.Admin, Roles.Staff]),
    ];

    /// <param name="loyaltyHistory">Rewards and 18 months of purchases too (a few seconds).</param>
    public async Task SeedAsync(bool loyaltyHistory = true)
    {
        foreach (var account in Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is not null) continue;
            var (result, user) = await registration.RegisterAsync(
                new NewCustomer(account.Name, account.Email, Password, null, null, account.Language), [.. account.Roles]);
            if (!result.Succeeded || user is null)
                throw new InvalidOperationException($"Demo account {account.Email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        await FaqDemoData.SeedAsync(db, clock);
        if (loyaltyHistory) await loyalty.SeedAsync();
    }
}

public sealed record DemoAccount(string Email, string Name, string Language, IReadOnlyList<string> Roles);
