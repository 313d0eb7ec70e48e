using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Account;

public class AccountApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id/account";

    [Fact]
    public async Task PUT_saves_all_the_details_or_with_one_refusal_none_of_them()
    {
        var customer = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var refused = await app.PutAsJsonAsync(Api, new { displayName = "New Name", phoneNumber = "+966 50 000 1111", preferredLanguage = "en", timeZoneId = "Nowhere/Else" });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeZoneId", out _));
        Assert.Equal("Api Tester", (await (await app.GetAsync(Api)).JsonAsync()).GetProperty("displayName").GetString());

        var saved = await app.PutAsJsonAsync(Api, new { displayName = "New Name", phoneNumber = "+966 50 000 1111", birthDate = "1990-05-06", preferredLanguage = "ar", timeZoneId = "Asia/Dubai" });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var account = await (await app.GetAsync(Api)).JsonAsync();
        Assert.Equal("New Name", account.GetProperty("displayName").GetString());
        Assert.Equal("+966 50 000 1111", account.GetProperty("phoneNumber").GetString());
        Assert.False(account.GetProperty("phoneNumberConfirmed").GetBoolean());
        Assert.Equal("1990-05-06", account.GetProperty("birthDate").GetString());
        Assert.Equal("Asia/Dubai", account.GetProperty("timeZoneId").GetString());
        Assert.Equal(customer.CustomerNumber, account.GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task An_export_job_gives_a_download_link_once_ready_and_other_customers_do_not_see_it()
    {
        var customer = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var started = await app.PostAsync($"{Api}/export", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await started.JsonAsync();
        Assert.Equal("Queued", job.GetProperty("state").GetString());
        var location = started.Headers.Location!.OriginalString;

        factory.DispatchEvents();
        var ready = await (await app.GetAsync(location)).JsonAsync();
        Assert.Equal("Ready", ready.GetProperty("state").GetString());
        Assert.Equal(100, ready.GetProperty("percent").GetInt32());
        var download = ready.GetProperty("downloadUrl").GetString()!;
        using var web = await factory.SignedInAsync(customer.Email!);
        Assert.Equal(HttpStatusCode.OK, (await web.Http.GetAsync(download)).StatusCode);

        var other = await factory.NewCustomerAsync();
        using var otherApp = await factory.SignedInAppAsync(other.Email!);
        await (await otherApp.GetAsync(location)).AssertProblemAsync(HttpStatusCode.NotFound, "export_not_found");
    }

    [Fact]
    public async Task The_API_needs_a_signed_in_customer() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.NewApiClient().GetAsync(Api)).StatusCode);
}
