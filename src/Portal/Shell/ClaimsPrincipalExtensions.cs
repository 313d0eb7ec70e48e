using System.Security.Claims;

namespace Portal.Shell;

public static class ClaimsPrincipalExtensions
{
    public const string CustomerNumberClaim = "customer_number";
    public const string DisplayNameClaim = "display_name";

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? "";
}
