using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Core.Loyalty;

namespace Portal.Loyalty;

/// <summary>Shops and tills authenticate with <c>X-Api-Key: cpk_…</c> (keys made at /staff/integrations).</summary>
public sealed class IntegrationKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IntegrationKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "IntegrationKey";
    public const string Header = "X-Api-Key";
    public const string KeyIdClaim = "integration_key_id";
    public const string PermissionClaim = "integration_permission";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var presented)) return AuthenticateResult.NoResult();
        if (await keys.AuthenticateAsync(presented.ToString(), Context.RequestAborted) is not { } key)
            return AuthenticateResult.Fail("Unknown or revoked key.");
        var identity = new ClaimsIdentity(
            [new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, key.Name),
             .. key.PermissionList.Select(p => new Claim(PermissionClaim, p))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
