using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;

namespace Portal.Core.Demo;

/// <summary>Demo accounts for Development only. Adds what is missing; a second run adds nothing.</summary>
public sealed class DemoSeeder(UserManager<PortalUser> users, CustomerRegistration registration) : IDemoData
{
    public int Order => 0;

    public Task SeedAsync(DemoDataOptions options, CancellationToken ct) => SeedAsync();

    public const string Password = "Demo!2345";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("customer@demo.local", "Sam Carter", Languages.English, []),
        new("layla@demo.local", "ليلى الحربي", Languages.Arabic, []),
        new("agent@demo.local", "Omar Agent", Languages.English, [Roles.Agent]),
        new("staff@demo.local", "Sara Staff", Languages.English, [Roles.Staff]),
        new("admin@demo.local", "Adam Admin", Languages.English, [Roles.Admin, Roles.Staff]),
    ];

    public async Task SeedAsync()
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
    }
}

public sealed record DemoAccount(string Email, string Name, string Language, IReadOnlyList<string> Roles);
