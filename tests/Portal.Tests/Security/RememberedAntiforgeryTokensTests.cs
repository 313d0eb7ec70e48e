using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tests.Infrastructure;
using Portal.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class RememberedAntiforgeryTokensTests
{
    private sealed class CountingProvider : IDataProtectionProvider, IDataProtector
    {
        public int Reads;
        public IDataProtector CreateProtector(string purpose) => this;
        public byte[] Protect(byte[] plaintext) => [.. plaintext.Select(b => (byte)(b ^ 0x5A)), 0x01];
        public byte[] Unprotect(byte[] protectedData)
        {
            Reads++;
            if (protectedData.Length == 0 || protectedData[^1] != 0x01) throw new CryptographicException("not ours");
            return [.. protectedData[..^1].Select(b => (byte)(b ^ 0x5A))];
        }
    }

    [Fact]
    public void An_antiforgery_cookie_seen_before_is_not_decrypted_again_and_each_caller_gets_its_own_bytes()
    {
        var inner = new CountingProvider();
        using var provider = new RememberedAntiforgeryTokens(inner, new ManualClock(DateTimeOffset.UtcNow));
        var protector = provider.CreateProtector(RememberedAntiforgeryTokens.Purpose);
        var cookie = protector.Protect([1, 2, 3]);

        var first = protector.Unprotect(cookie);
        first[0] = 99;
        var second = protector.Unprotect(cookie);

        Assert.Equal(1, inner.Reads);
        Assert.Equal([1, 2, 3], second);
    }

    [Fact]
    public void A_tampered_cookie_is_refused_every_time()
    {
        var inner = new CountingProvider();
        using var provider = new RememberedAntiforgeryTokens(inner, new ManualClock(DateTimeOffset.UtcNow));
        var protector = provider.CreateProtector(RememberedAntiforgeryTokens.Purpose);

        Assert.Throws<CryptographicException>(() => protector.Unprotect([1, 2, 3]));
        Assert.Throws<CryptographicException>(() => protector.Unprotect([1, 2, 3]));
        Assert.Equal(2, inner.Reads);
    }

    [Fact]
    public void Other_purposes_are_decrypted_every_time()
    {
        var inner = new CountingProvider();
        using var provider = new RememberedAntiforgeryTokens(inner, new ManualClock(DateTimeOffset.UtcNow));
        var protector = provider.CreateProtector("Identity.PasswordReset");
        var data = protector.Protect([7]);

        protector.Unprotect(data);
        protector.Unprotect(data);

        Assert.Equal(2, inner.Reads);
    }

    [Fact]
    public void A_remembered_cookie_is_decrypted_again_once_its_time_is_up()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var inner = new CountingProvider();
        using var provider = new RememberedAntiforgeryTokens(inner, clock);
        var protector = provider.CreateProtector(RememberedAntiforgeryTokens.Purpose);
        var cookie = protector.Protect([4]);

        protector.Unprotect(cookie);
        clock.Advance(RememberedAntiforgeryTokens.Lifetime + TimeSpan.FromSeconds(1));
        protector.Unprotect(cookie);

        Assert.Equal(2, inner.Reads);
    }
}

public class RememberedAntiforgeryTokensSetupTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public void The_portal_reads_antiforgery_cookies_through_the_remembered_tokens()
    {
        Assert.IsType<RememberedAntiforgeryTokens>(factory.Services.GetRequiredService<IDataProtectionProvider>());
    }
}
