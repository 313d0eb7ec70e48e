using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>The same app on PostgreSQL, the provider for deployments that outgrow one machine.</summary>
public class PostgresPortalFactory : PortalFactory, IAsyncLifetime
{
    private readonly PostgresServer _server = new();

    public async Task InitializeAsync() => await _server.InitializeAsync();

    /// <summary>The connection string the portal gets (unpooled connections to the throwaway server).</summary>
    protected virtual string PortalConnectionString(string connectionString) => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Portal", PortalConnectionString(_server.ConnectionString("portal")));
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

    [Fact]
    public async Task A_purchase_batch_is_recorded_once_on_PostgreSQL_with_its_lines_points_and_events()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var numbers = await db.Users.Where(u => u.Email!.EndsWith("@demo.local")).OrderBy(u => u.Email).Select(u => u.CustomerNumber).Take(3).ToListAsync();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var inputs = Enumerable.Range(1, 30).Select(i => new PurchaseInput(numbers[i % numbers.Count], $"PG-BATCH-{i}", now.AddMinutes(-i), PurchaseChannel.Store,
            [new PurchaseLineInput("Grocery", 1, 10_000 + i), new PurchaseLineInput("Coffee", 2, 1_500)])).ToList();
        inputs.Add(inputs[4]);
        var ingestion = scope.ServiceProvider.GetRequiredService<PurchaseIngestion>();

        var first = await ingestion.RecordBatchAsync(inputs, integrationKeyId: null);
        var again = await ingestion.RecordBatchAsync(inputs, integrationKeyId: null);

        Assert.All(first.Concat(again), o => Assert.True(o.Succeeded));
        Assert.Equal(30, first.Count(o => !o.Repeated));
        Assert.All(again, o => Assert.True(o.Repeated));
        await using var check = factory.Services.CreateAsyncScope();
        var stored = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        var purchases = await stored.Set<Purchase>().Where(p => p.OrderId.StartsWith("PG-BATCH-")).Select(p => p.Id).ToListAsync();
        Assert.Equal(30, purchases.Count);
        Assert.Equal(60, await stored.Set<PurchaseLine>().CountAsync(l => purchases.Contains(l.PurchaseId)));
        Assert.Equal(30, await stored.Set<PointsEntry>().CountAsync(e => e.Kind == PointsEntryKind.Earn && e.PurchaseId != null && purchases.Contains(e.PurchaseId.Value)));
        Assert.Equal(30, await stored.Set<Portal.Core.Events.OutboxMessage>().CountAsync(m => m.Type == nameof(PurchaseRecorded) && m.Payload.Contains("PG-BATCH-")));
    }
}
