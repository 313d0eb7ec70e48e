using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Portal.Chat;

/// <summary>
/// Who may open /hubs/chat: the website's cookie (customers and agents), or the API's bearer token (apps; customers
/// only). Browsers and the SignalR clients cannot set headers on WebSockets and server-sent events, so there the token
/// comes as <c>?access_token=</c>, read for this path only.
/// </summary>
public static class ChatHubAuthentication
{
    public const string Scheme = "ChatHub";
    private const string AccessTokenQuery = "access_token";

    /// <summary>A request to the hub carrying an API token (header or query): it is judged by the token alone.</summary>
    public static bool IsBearer(HttpRequest request) =>
        request.Path.StartsWithSegments(ChatHub.Path)
        && (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || request.Query.ContainsKey(AccessTokenQuery));

    public static IServiceCollection AddChatHubAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddPolicyScheme(Scheme, null, o =>
            o.ForwardDefaultSelector = http => IsBearer(http.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme);
        services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            var earlier = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async context =>
            {
                await earlier(context);
                if (context.Token is null && context.Request.Path.StartsWithSegments(ChatHub.Path)
                    && context.Request.Query[AccessTokenQuery].FirstOrDefault() is { Length: > 0 } token)
                    context.Token = token;
            };
        });
        return services;
    }
}
