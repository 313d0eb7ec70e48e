using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Tests.Customers;

public class CustomerRegistrationTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;

    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static NewCustomer Sara(string email = "sara@example.test") =>
        new(" Sara Ali ", email, "Long-Enough-Pass1", null, new DateOnly(1990, 5, 17), Languages.Arabic);

    [Fact]
    public async Task A_new_customer_gets_a_valid_Customer_ID_the_Customer_role_and_today_as_member_since()
    {
        var (result, user) = await _db.UseAsync(sp => sp.GetRequiredService<CustomerRegistration>().RegisterAsync(Sara()));

        Assert.True(result.Succeeded);
        Assert.True(CustomerNumber.TryParse(user!.CustomerNumber, out _));
        Assert.Equal("Sara Ali", user.DisplayName);
        Assert.Equal(_db.Clock.GetUtcNow().UtcDateTime, user.MemberSinceUtc);
        var roles = await _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().UserRoles.CountAsync(r => r.UserId == user.Id));
        Assert.Equal(1, roles);
    }

    [Fact]
    public async Task When_the_roles_cannot_be_given_no_account_is_left_behind()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _db.UseAsync(sp => sp.GetRequiredService<CustomerRegistration>().RegisterAsync(Sara(), "NoSuchRole")));

        Assert.False(await _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Users.AnyAsync(u => u.Email == "sara@example.test")));
    }
}
