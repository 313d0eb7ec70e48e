using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

public class ActiveAccountTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_admin_lock_ends_the_apps_session_at_once()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var token = (await api.TokensAsync(person.Email!)).GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithTokenAsync("/api/customer-id/me", token)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var admin = await users.FindByEmailAsync("admin@demo.local");
            var result = await scope.ServiceProvider.GetRequiredService<PeopleAdministration>().LockAsync(admin!.Id, person.Id);
            Assert.True(result.Succeeded);
        }

        await (await api.GetWithTokenAsync("/api/customer-id/me", token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
    }

    [Fact]
    public async Task A_new_password_ends_sessions_that_used_the_old_one()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var token = (await api.TokensAsync(person.Email!)).GetProperty("accessToken").GetString()!;

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(person.Id);
            Assert.True((await users.ChangePasswordAsync(user!, PortalClient.DemoPassword, "a brand new passphrase")).Succeeded);
        }

        await (await api.GetWithTokenAsync("/api/customer-id/me", token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
    }
}
