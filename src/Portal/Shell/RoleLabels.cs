using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Shell;

public static class RoleLabels
{
    /// <summary>A role's name in the reader's language.</summary>
    public static string Role(this IStringLocalizer s, string role) => role switch
    {
        Roles.Customer => s["Customer"],
        Roles.Agent => s["Support agent"],
        Roles.Staff => s["Staff"],
        Roles.Admin => s["Admin"],
        _ => role,
    };
}
