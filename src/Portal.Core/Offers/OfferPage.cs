using Microsoft.Extensions.Caching.Memory;

namespace Portal.Core.Offers;

/// <summary>A customer's offers and code history as /offers shows them, with the stamp they were computed under.</summary>
public sealed record OfferPage(IReadOnlyList<PersonalOffer> Offers, IReadOnlyList<OfferActivation> History, string Version);

/// <summary>Offer pages by customer (singleton; bounded). What it holds is only read, never changed.</summary>
public sealed class OfferPageCache : IDisposable
{
    internal sealed record Kept(OfferPage Page, DateTime FreshUntilUtc);

    internal MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public void Dispose() => Entries.Dispose();
}
