using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Shell;

public static class LockoutMessage
{
    /// <summary>
    /// What a locked-out person is told: failed attempts lock for minutes; an admin's lock has no end,
    /// and waiting five minutes would not help.
    /// </summary>
    public static string For(PortalUser? user, IStringLocalizer s) =>
        user?.IsLockedByAdmin == true
            ? s["This account has been locked. Please contact support."]
            : s["Too many failed attempts. This account is locked for 5 minutes."];
}
