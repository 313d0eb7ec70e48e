using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Customers;

namespace Portal.Shell;

/// <summary>Puts the name, Customer ID and preferred language in the sign-in cookie.</summary>
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimsPrincipalExtensions.DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(ClaimsPrincipalExtensions.CustomerNumberClaim, user.CustomerNumber));
        identity.AddClaim(new Claim(Cultures.PreferredLanguageClaim, user.PreferredLanguage));
        if (!string.IsNullOrEmpty(user.TimeZoneId)) identity.AddClaim(new Claim(ViewerTimeZone.Claim, user.TimeZoneId));
        return identity;
    }
}
