using Htmx;
using Microsoft.AspNetCore.Http;

namespace Portal.Shell;

public static class HtmxFragments
{
    /// <summary>
    /// True when htmx asked for a piece of the page. Boosted navigation and history restores also carry
    /// HX-Request but swap the whole body, so they get the full page.
    /// </summary>
    public static bool WantsFragment(this HttpRequest request) =>
        request.IsHtmxNonBoosted() && !request.IsHtmxHistoryRestoreRequest();
}
