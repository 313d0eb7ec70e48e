using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Portal.Security;

/// <summary>
/// Remembers the ticket inside each recently seen sign-in cookie, so a signed-in request does not decrypt its cookie
/// again: a key derivation, AES and an HMAC per request, about a tenth of a light page's CPU.
/// </summary>
/// <remarks>
/// Keyed by the cookie's whole protected text, so whoever presents it gets exactly what decrypting it would give.
/// Whether the session behind it is still open is checked on every request as before (<see cref="SessionValidation"/>).
/// Each request gets its own copy: handlers replace or extend the principal. A key revoked in the key ring stops
/// its cookies once their entries age out (<see cref="Lifetime"/>).
/// </remarks>
public sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int Capacity = 10_000;

    private readonly MemoryCache _tickets = new(new MemoryCacheOptions { SizeLimit = Capacity, Clock = new CacheClock(clock) });

    internal ISecureDataFormat<AuthenticationTicket> Inner => inner;

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText)) return inner.Unprotect(protectedText, purpose);
        var key = purpose is null ? protectedText : purpose + "\n" + protectedText;
        if (_tickets.TryGetValue(key, out AuthenticationTicket? known) && known is not null) return Copy(known);
        // Unreadable cookies are not remembered: each is refused by the decryption itself.
        if (inner.Unprotect(protectedText, purpose) is not { } ticket) return null;
        _tickets.Set(key, Copy(ticket), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return ticket;
    }

    // ClaimsPrincipal.Clone shares its identities: each is cloned too.
    private static AuthenticationTicket Copy(AuthenticationTicket t) =>
        new(new ClaimsPrincipal(t.Principal.Identities.Select(i => i.Clone())), t.Properties.Clone(), t.AuthenticationScheme);

    public void Dispose() => _tickets.Dispose();

    /// <summary>Wraps the application cookie's ticket format (made here as the cookie handler would, if not yet made).</summary>
    public static void RememberCookieTickets(IServiceCollection services) =>
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure<IDataProtectionProvider, TimeProvider>((o, provider, clock) =>
            {
                if (o.TicketDataFormat is RememberedTickets) return;
                o.DataProtectionProvider ??= provider;
                // The cookie handler's own purposes, so cookies issued before this wrapper still read.
                o.TicketDataFormat = new RememberedTickets(o.TicketDataFormat ?? new TicketDataFormat(o.DataProtectionProvider.CreateProtector(
                    "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", IdentityConstants.ApplicationScheme, "v2")), clock);
            });
}

/// <summary>A MemoryCache clock that follows the app's TimeProvider (the tests move it).</summary>
internal sealed class CacheClock(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
{
    public DateTimeOffset UtcNow => clock.GetUtcNow();
}
