using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Offers;

/// <summary>Offers over the shared <see cref="CoreDatabase"/>; purchases go through the real ingestion.</summary>
public sealed class OfferKit : IAsyncDisposable
{
    private int _orders;

    private OfferKit(CoreDatabase db) => Db = db;

    public CoreDatabase Db { get; }
    public DateTime Now => Db.UtcNow;

    public static async Task<OfferKit> CreateAsync() => new(await CoreDatabase.CreateAsync(configure: s => s.AddOffers()));

    public async Task<(string Id, string Number)> AddCustomerAsync(string name = "Sam Adams")
    {
        var id = await Db.AddPersonAsync(name, $"{Guid.NewGuid():N}@example.com");
        return (id, (await Db.PersonAsync(id)).CustomerNumber);
    }

    public async Task<Offer> AddOfferAsync(OfferKind kind = OfferKind.PercentOff, long value = 10, string categories = "", int limit = 1, int? budget = null,
        long minSpend = 0, int validDays = 30, string segments = "", string tiers = "", bool publish = true)
    {
        var offer = new Offer
        {
            TitleEn = "Ten off", TitleAr = "خصم", Kind = kind, Value = value, Categories = categories, PerCustomerLimit = limit, TotalBudget = budget,
            MinSpendMinor = minSpend, ValidFromUtc = Now.AddDays(-1), ValidUntilUtc = Now.AddDays(validDays), TargetSegments = segments, TargetTiers = tiers,
        };
        var (saved, error) = await Db.UseAsync<OfferAdmin, (Offer?, OfferEditError?)>(a => a.SaveAsync(offer));
        Assert.Null(error);
        if (publish) await Db.UseAsync<OfferAdmin, bool>(a => a.SetPublishedAsync(saved!.Id, true));
        return saved!;
    }

    public Task<ActivationOutcome> ActivateAsync(string customerId, long offerId, string? key = null) =>
        Db.UseAsync<OfferService, ActivationOutcome>(s => s.ActivateAsync(customerId, offerId, key ?? Guid.NewGuid().ToString("N")));

    public Task<IReadOnlyList<PersonalOffer>> PersonalizedAsync(string customerId) =>
        Db.UseAsync<OfferService, IReadOnlyList<PersonalOffer>>(s => s.PersonalizedAsync(customerId));

    public async Task<PurchaseReceipt> BuyAsync(string number, long amountMinor, string? code = null, string category = "Grocery", DateTime? at = null)
    {
        var outcome = await Db.UseAsync<PurchaseIngestion, PurchaseOutcome<PurchaseReceipt>>(i => i.RecordAsync(
            new PurchaseInput(number, $"ORD-{++_orders}", at ?? Now, PurchaseChannel.Store, [new PurchaseLineInput(category, 1, amountMinor)], code), null));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        return outcome.Value!;
    }

    public Task<OfferActivation> ActivationAsync(long id) =>
        Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OfferActivation>().AsNoTracking().SingleAsync(a => a.Id == id));

    public Task<List<PointsEntry>> LedgerAsync(string customerId) =>
        Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PointsEntry>().AsNoTracking().Where(e => e.CustomerId == customerId).OrderBy(e => e.Id).ToListAsync());

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
