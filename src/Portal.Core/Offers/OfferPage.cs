using Microsoft.Extensions.Caching.Memory;

namespace Portal.Core.Offers;

/// <summary>A customer's offers and code history as /offers shows them, with the stamp they were computed under.</summary>
public sealed record OfferPage(IReadOnlyList<PersonalOffer> Offers, IReadOnlyList<OfferActivation> History, string Version);

/// <summary>Offer pages by customer (singleton; bounded). What it holds is only read, never changed.</summary>
public sealed class OfferPageCache : IDisposable
{
    internal sealed record Kept(OfferPage Page, DateTime FreshUntilUtc);

    internal MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    /// <summary>
    /// One instance per offer and revision for every kept page (an offer carries up to 8,000 characters of description,
    /// and each page and history row would otherwise hold its own copy). Only what staff edit is read from it.
    /// </summary>
    internal Offer Shared(Offer offer) => Entries.GetOrCreate(("offer", offer.Id, offer.Revision), entry =>
    {
        entry.Size = 1;
        entry.SlidingExpiration = TimeSpan.FromMinutes(10);
        return offer;
    })!;

    public void Dispose() => Entries.Dispose();
}
