using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>The same app on PostgreSQL, the provider for deployments that outgrow one machine.</summary>
public sealed class PostgresPortalFactory : PortalFactory, IAsyncLifetime
{
    private readonly PostgresServer _server = new();

    public async Task InitializeAsync() => await _server.InitializeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Portal", _server.ConnectionString("portal"));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _server.DisposeAsync();
    }
}

public class PostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task A_fresh_PostgreSQL_database_is_migrated_and_the_demo_customer_sees_her_card_in_Arabic()
    {
        using var client = factory.NewClient();
        Assert.IsType<PostgresPortalDbContext>(factory.Services.CreateScope().ServiceProvider.GetRequiredService<PortalDbContext>());

        await client.SignInAsync("layla@demo.local");
        var card = await client.GetDocumentAsync("/");

        Assert.Equal("rtl", card.DocumentElement.GetAttribute("dir"));
        Assert.True(Portal.Core.Customers.CustomerNumber.TryParse(card.QuerySelector("#customer-id")!.TextContent, out _));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Staff_search_ignores_case_on_PostgreSQL_too()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("agent@demo.local");

        var results = await client.GetDocumentAsync("/staff/customers?q=SAM%20CARTER");

        Assert.Contains("Sam Carter", results.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task An_admin_lock_round_trips_through_PostgreSQL()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Customers.PortalUser>>();
        var admin = await users.FindByEmailAsync("admin@demo.local");
        var staff = await users.FindByEmailAsync("staff@demo.local");

        var result = await scope.ServiceProvider.GetRequiredService<Portal.Core.Administration.PeopleAdministration>().LockAsync(admin!.Id, staff!.Id);

        Assert.True(result.Succeeded);
        await using var fresh = factory.Services.CreateAsyncScope();
        var reloaded = await fresh.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Customers.PortalUser>>().FindByEmailAsync("staff@demo.local");
        Assert.True(reloaded!.IsLockedByAdmin);
    }
}
