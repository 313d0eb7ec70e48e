using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class RefreshTokenTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_refresh_token_works_once_and_gives_a_new_one()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var first = await api.TokensAsync(person.Email!);

        var response = await api.RefreshAsync(first.RefreshToken());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = await response.JsonAsync();

        Assert.NotEqual(first.RefreshToken(), second.RefreshToken());
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithTokenAsync(ApiTestClient.Me, second.Access())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.RefreshAsync(second.RefreshToken())).StatusCode);
    }

    [Fact]
    public async Task Reusing_a_refresh_token_ends_the_whole_family_and_is_recorded()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var first = await api.TokensAsync(person.Email!);
        var second = await (await api.RefreshAsync(first.RefreshToken())).JsonAsync();

        await (await api.RefreshAsync(first.RefreshToken())).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");

        // The newest token of the family and its access token stop too: one of them is in the wrong hands.
        await (await api.RefreshAsync(second.RefreshToken())).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await (await api.GetWithTokenAsync(ApiTestClient.Me, second.Access())).AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
        var activity = await factory.WithServiceAsync<ActivityPage, SecurityActivity>(a => a.PageAsync(person.Id, null, 20));
        Assert.Contains(activity.Items, i => i.Kind == ActivityKind.RefreshTokenReused);
        // Another sign-in of the same person is not affected.
        var other = await api.TokensAsync(person.Email!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithTokenAsync(ApiTestClient.Me, other.Access())).StatusCode);
    }

    [Fact]
    public async Task An_admin_lock_revokes_refresh_tokens()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(person.Email!);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var admin = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("admin@demo.local");
            Assert.True((await scope.ServiceProvider.GetRequiredService<PeopleAdministration>().LockAsync(admin!.Id, person.Id)).Succeeded);
        }

        await (await api.RefreshAsync(tokens.RefreshToken())).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await (await api.GetWithTokenAsync(ApiTestClient.Me, tokens.Access())).AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
    }
}
