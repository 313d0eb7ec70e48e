using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.SpecialDates;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.SpecialDates;

/// <summary>Special-dates steps over the shared <see cref="CoreDatabase"/>.</summary>
public sealed class SpecialDatesKit : IAsyncDisposable
{
    private readonly CoreDatabase _db;

    private SpecialDatesKit(CoreDatabase db) => _db = db;

    public ManualClock Clock => _db.Clock;
    public CoreDatabase Db => _db;

    public static async Task<SpecialDatesKit> CreateAsync(SpecialDateOptions? options = null, bool withOffers = false) =>
        new(await CoreDatabase.CreateAsync(configure: s =>
        {
            s.AddSpecialDates(options ?? new SpecialDateOptions());
            if (withOffers) Portal.Core.Offers.OfferServiceCollectionExtensions.AddOffers(s);
        }));

    /// <summary>Sets the clock to a local time in Riyadh (UTC+3).</summary>
    public void RiyadhTime(int year, int month, int day, int hour = 12, int minute = 0) =>
        Clock.Now = new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(3));

    /// <summary>A customer who joined <paramref name="joined"/> (long ago by default) with a birthday on the account since then.</summary>
    public async Task<string> CustomerAsync(DateOnly? birthDate = null, string? timeZone = null, DateTime? joined = null)
    {
        var id = await _db.AddPersonAsync("Sam Adams");
        await _db.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.BirthDate, birthDate)
                .SetProperty(u => u.TimeZoneId, timeZone)
                .SetProperty(u => u.MemberSinceUtc, joined ?? new DateTime(2020, 6, 1, 9, 0, 0, DateTimeKind.Utc)));
            return 0;
        });
        return id;
    }

    public Task<T> UseAsync<T>(Func<SpecialDatesProgram, Task<T>> use) => _db.UseAsync(use);

    public Task<SpecialDatesOverview> OverviewAsync(string id) => UseAsync(p => p.OverviewAsync(id));

    public Task<int> GrantAsync(string id) => UseAsync(p => p.GrantDueAsync(id));

    public Task<ClaimResult> ClaimAsync(string id, long rewardId) => UseAsync(p => p.ClaimAsync(id, rewardId));

    public Task<List<SpecialDateReward>> RewardsAsync(string id) =>
        _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<SpecialDateReward>().AsNoTracking().Where(r => r.CustomerId == id).OrderBy(r => r.Id).ToListAsync());

    public Task<List<PointsEntry>> LedgerAsync(string id) =>
        _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PointsEntry>().AsNoTracking()
            .Where(e => e.CustomerId == id && e.SourceRef.StartsWith("special-date:")).ToListAsync());

    public async Task<long> ActiveAsync(string id) => (await _db.UseAsync<PointsLedger, LoyaltySummary>(l => l.SummaryAsync(id))).Active;

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
