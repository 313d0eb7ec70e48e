using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace Portal.Security;

/// <summary>
/// Remembers what recently seen antiforgery cookies decrypt to. Every page reads its antiforgery cookie (the layout
/// puts a request token in htmx's headers), and decrypting it was the largest cryptographic cost left on a page.
/// </summary>
/// <remarks>
/// Only the antiforgery token's purpose is remembered; every other protector is the key ring's own. Keyed by the whole
/// protected payload, so it gives exactly what decrypting it would; the token's checks (its user, its pairing with the
/// request token) run on every request as before. A payload that does not decrypt is never remembered.
/// </remarks>
public sealed class RememberedAntiforgeryTokens(IDataProtectionProvider inner, TimeProvider clock) : IDataProtectionProvider, IDisposable
{
    // DefaultAntiforgeryTokenSerializer's purpose.
    public const string Purpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _plain = new(new MemoryCacheOptions { SizeLimit = 10_000, Clock = new CacheClock(clock) });

    public IDataProtector CreateProtector(string purpose)
    {
        var protector = inner.CreateProtector(purpose);
        return purpose == Purpose ? new Remembering(protector, _plain) : protector;
    }

    public void Dispose() => _plain.Dispose();

    /// <summary>Puts this in front of the registered provider (after AddDataProtection).</summary>
    public static void Register(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        services.Remove(original);
        services.AddSingleton<IDataProtectionProvider>(sp => new RememberedAntiforgeryTokens(Create(sp, original), sp.GetRequiredService<TimeProvider>()));
    }

    private static IDataProtectionProvider Create(IServiceProvider sp, ServiceDescriptor d) => (IDataProtectionProvider)(
        d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));

    private sealed class Remembering(IDataProtector inner, MemoryCache plain) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            var key = Convert.ToBase64String(protectedData);
            if (plain.TryGetValue(key, out byte[]? known) && known is not null) return (byte[])known.Clone();
            var bytes = inner.Unprotect(protectedData);
            plain.Set(key, (byte[])bytes.Clone(), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
            return bytes;
        }
    }
}
