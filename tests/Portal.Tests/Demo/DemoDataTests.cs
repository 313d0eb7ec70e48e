using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Demo;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Demo;

public class DemoDataTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Development_has_the_five_demo_accounts_with_their_roles_and_languages()
    {
        using var client = factory.NewClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        foreach (var account in DemoSeeder.Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, "Demo!2345"));
            Assert.True(CustomerNumber.TryParse(user.CustomerNumber, out var _));
            Assert.Equal(account.Language, user.PreferredLanguage);
            foreach (var role in account.Roles) Assert.True(await users.IsInRoleAsync(user, role), $"{account.Email} lacks {role}");
        }
        Assert.Equal("ar", (await users.FindByEmailAsync("layla@demo.local"))!.PreferredLanguage);
    }

    [Fact]
    public async Task Seeding_a_second_time_adds_nothing()
    {
        using var client = factory.NewClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var before = await db.Users.Select(u => new { u.Email, u.CustomerNumber }).OrderBy(u => u.Email).ToListAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        await PortalDatabase.InitializeAsync(factory.Services);
        var after = await db.Users.Select(u => new { u.Email, u.CustomerNumber }).OrderBy(u => u.Email).ToListAsync();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Every_demo_Customer_ID_is_different()
    {
        using var client = factory.NewClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var numbers = await db.Users.Select(u => u.CustomerNumber).ToListAsync();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }
}

public class ProductionDataTests(ProductionPortalFactory factory) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task Demo_accounts_never_exist_outside_Development()
    {
        using var client = factory.NewClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.Email!.EndsWith("@demo.local")));
        Assert.Equal(4, await db.Roles.CountAsync());
    }

    [Fact]
    public async Task Outside_Development_plain_http_is_redirected_to_https()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });
        var response = await client.GetAsync("/account/login");
        Assert.True((int)response.StatusCode is 307 or 308, $"got {(int)response.StatusCode}");
        Assert.Equal("https", response.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task Outside_Development_HTTPS_answers_carry_HSTS()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://portal.example.com") });
        var response = await client.GetAsync("/account/login");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
