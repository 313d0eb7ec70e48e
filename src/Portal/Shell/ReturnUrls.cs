using Microsoft.AspNetCore.Mvc;

namespace Portal.Shell;

public static class ReturnUrls
{
    /// <summary>The return URL when it stays on this site, else the home page: never an open redirect.</summary>
    public static string LocalOrHome(this IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
