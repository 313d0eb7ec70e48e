using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Faq;
using Portal.Core.Tests.Administration;

namespace Portal.Core.Tests.Faq;

/// <summary>A real SQLite database in memory with the FAQ services over it; each use is a fresh scope, like a request.</summary>
public sealed class FaqDatabase : IAsyncDisposable
{
    public static readonly FaqActor Sara = new("sara-id", "Sara Staff");
    public static readonly FaqActor Adam = new("adam-id", "Adam Admin");

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly ServiceProvider _services;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private FaqDatabase()
    {
        _connection.Open();
        _services = new ServiceCollection()
            .AddDbContext<PortalDbContext>(o => o.UseSqlite(_connection))
            .AddSingleton<TimeProvider>(Clock)
            .AddFaq()
            .BuildServiceProvider();
    }

    public static async Task<FaqDatabase> CreateAsync()
    {
        var db = new FaqDatabase();
        await db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Database.EnsureCreatedAsync());
        return db;
    }

    public async Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    public Task<T> EditAsync<T>(Func<FaqEditor, Task<T>> use) => UseAsync(sp => use(sp.GetRequiredService<FaqEditor>()));

    public Task<T> ReadAsync<T>(Func<FaqCatalog, Task<T>> use) => UseAsync(sp => use(sp.GetRequiredService<FaqCatalog>()));

    public async Task<int> AddCategoryAsync(string nameEn = "Account", string nameAr = "الحساب")
    {
        var result = await EditAsync(e => e.AddCategoryAsync(nameEn, nameAr));
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Id;
    }

    public async Task<int> AddArticleAsync(int categoryId, FaqDraft draft, FaqStatus status = FaqStatus.Published, FaqActor? actor = null)
    {
        var result = await EditAsync(e => e.SaveAsync(null, categoryId, draft, status, actor ?? Sara));
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
