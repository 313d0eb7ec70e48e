using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Localization;
using Portal.Shell.Api;

namespace Portal.Security;

/// <summary>
/// An API call whose token belongs to an ended session is refused as <c>session_ended</c> (sign in again), not as
/// a missing token, so the app can tell the two apart.
/// </summary>
public sealed class SessionEndedResponses : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged && SessionValidation.EndedInThisRequest(context) && context.Request.Path.StartsWithSegments("/api"))
        {
            var s = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, ApiProblems.Codes.SessionEnded, s["Sign-in expired"], s["Sign in again to continue."])
                .ExecuteAsync(context);
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
