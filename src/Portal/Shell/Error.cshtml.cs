using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Portal.Shell;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel(IStringLocalizer<SharedResource> s) : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(StatusFor(code));

    public void OnPost(int? code) => Describe(StatusFor(code));

    // Only as the answer to another request's error: asked for directly (a POST with no antiforgery token among them),
    // /error is a page that does not exist. From the exception handler there is no ?code=: the status it chose (413 for
    // an oversized form) stands.
    private int StatusFor(int? code)
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        var fromException = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        if (!reExecuted && !fromException) return 404;
        return code ?? (Response.StatusCode >= 400 ? Response.StatusCode : 500);
    }

    private void Describe(int code)
    {
        // Only error statuses: /error?code=200 or 302 must not answer as a success or a redirect.
        if (code is < 400 or > 599) code = 500;
        Code = code;
        Response.StatusCode = code;
        (Title, Message) = code switch
        {
            404 => (s["Page not found"], s["We could not find that page."]),
            403 => (s["Not allowed"], s["You do not have access to this page."]),
            429 => (s["Too many attempts"], s["Please wait a minute and try again."]),
            413 => (s["The request is larger than allowed"], s["Files can be at most 5 MB each and 3 at a time. Choose smaller files and try again."]),
            400 => (s["Something is wrong with the request"], s["Please go back and try again."]),
            _ => (s["Something went wrong"], s["Please try again in a moment."]),
        };
    }
}
