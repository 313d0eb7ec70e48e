using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;

namespace Portal.Api;

/// <summary>The JSON API for the mobile app, under /api/customer-id. Errors are problem details.</summary>
public static class CustomerIdApi
{
    public static IEndpointRouteBuilder MapCustomerIdApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/customer-id").WithTags("Customer ID");
        var secured = api.MapGroup("").RequireAuthorization(Policies.Api);

        secured.MapGet("/me", async Task<Results<Ok<MeResponse>, ProblemHttpResult>> (HttpContext ctx, UserManager<PortalUser> users) =>
            {
                var user = await users.GetUserAsync(ctx.User);
                if (user is null) return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
                return TypedResults.Ok(new MeResponse(user.CustomerNumber, user.Number.Grouped, user.DisplayName, user.Email ?? "",
                    user.PhoneNumber, user.BirthDate, user.PreferredLanguage, user.MemberSinceUtc));
            })
            .WithName("GetMe")
            .WithSummary("The signed-in customer's profile and Customer ID.");
        return routes;
    }
}

public sealed record MeResponse(
    string CustomerId, string CustomerIdGrouped, string Name, string Email, string? Phone,
    DateOnly? BirthDate, string PreferredLanguage, DateTime MemberSince);
