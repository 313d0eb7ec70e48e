using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Shell.Modules;

namespace Portal.Shell.Api;

/// <summary>
/// The JSON API for the mobile app, under /api/customer-id. Bearer tokens only (never the site's cookie, so no
/// CSRF surface); errors are problem details (see <see cref="ApiProblems"/>).
/// </summary>
public static class CustomerIdApi
{
    /// <summary>The API group every module adds to: the open part (own authentication) and the signed-in customer's part.</summary>
    public static IEndpointRouteBuilder MapCustomerIdApi(this IEndpointRouteBuilder routes, IEnumerable<PortalModule> modules)
    {
        var api = routes.MapGroup("/api/customer-id").WithTags("Customer ID");
        var customer = api.MapGroup("")
            .RequireAuthorization(Policies.Api)
            .RequireActiveAccount()
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        foreach (var module in modules) module.MapApi(api, customer);
        return routes;
    }

    public static RouteGroupBuilder MapMe(this RouteGroupBuilder customer)
    {
        customer.MapGet("/me", async Task<Results<Ok<MeResponse>, ProblemHttpResult>> (HttpContext ctx, UserManager<PortalUser> users) =>
            {
                // A valid token for an account deleted since sign-in.
                if (await users.GetUserAsync(ctx.User) is not { } user) return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized);
                return TypedResults.Ok(new MeResponse(user.CustomerNumber, user.Number.Grouped, user.DisplayName, user.Email ?? "",
                    user.PhoneNumber, user.BirthDate, user.PreferredLanguage, user.MemberSinceUtc));
            })
            .WithName("GetMe")
            .WithSummary("The signed-in customer's profile and Customer ID.");
        return customer;
    }
}

public sealed record MeResponse(
    [property: Description("The Customer ID: ten digits, the last a Damm check digit. Encode this in the QR code.")] string CustomerId,
    [property: Description("The Customer ID grouped for reading: 4821 3390 17.")] string CustomerIdGrouped,
    string Name,
    string Email,
    string? Phone,
    DateOnly? BirthDate,
    [property: Description("\"en\" or \"ar\".")] string PreferredLanguage,
    [property: Description("UTC.")] DateTime MemberSince);
