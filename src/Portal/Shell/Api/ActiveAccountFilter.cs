using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Shell.Api;

/// <summary>
/// A bearer token lives an hour and carries no check of its own: on every call this makes sure the account
/// still exists, is not locked and has not changed its security stamp (new password, admin lock, 2FA change).
/// </summary>
public static class ActiveAccountFilter
{
    public static TBuilder RequireActiveAccount<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var signIn = http.RequestServices.GetRequiredService<SignInManager<PortalUser>>();
            if (await signIn.ValidateSecurityStampAsync(http.User) is not { } user || await signIn.UserManager.IsLockedOutAsync(user))
            {
                var s = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, ApiProblems.Codes.SessionEnded, s["Sign-in expired"], s["Sign in again to continue."]);
            }
            return await next(context);
        });
}
