using Microsoft.AspNetCore.SignalR;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core.Chat;
using Portal.Shell.Modules;
using Portal.Customers.Staff;

namespace Portal.Chat;

public sealed class ChatModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddChat(builder.Configuration);
        builder.Services.AddNavigation(
            new NavEntry("/support/chat", "Live chat", NavAudience.Customer, NavGroups.Support, 40, Icons.Chat),
            new NavEntry("/agent", "Live chat", NavAudience.Agent, NavGroups.Work, 0, Icons.Chat, Policies.Agent));
    }

    public override void ConfigurePages(PageConventionCollection pages) =>
        pages.AuthorizeFolder("/Chat/Agent", Policies.Agent);

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapChatApi();

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapHub<ChatHub>(ChatHub.Path);
}

public static class ChatSetup
{
    /// <summary>
    /// Live chat: the hub, its services, the "Recent chats" profile panel and the business hours
    /// (<c>Support:BusinessHours</c>, always open when unset). With <c>ConnectionStrings:Redis</c> (or <c>SignalR:Redis</c>)
    /// set, SignalR uses the Redis backplane so several servers share groups and users, and agent presence lives in Redis.
    /// </summary>
    public static IServiceCollection AddChat(this IServiceCollection services, IConfiguration config)
    {
        // Well above the longest message a person may send (2,000 characters, up to 6 bytes each as escaped JSON), so
        // an over-long one reaches SendMessage and is refused with message_too_long instead of closing the connection.
        var signalR = services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .AddHubOptions<ChatHub>(o => o.AddFilter<ChatRightsFilter>());
        if (Portal.Shell.ScaleOut.PortalRedis.ConnectionString(config) is { } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("portal-chat"));
            services.AddSingleton<RedisChatPresence>();
            services.AddSingleton<ChatPresence>(sp => sp.GetRequiredService<RedisChatPresence>());
            services.AddHostedService<ChatPresenceRenewal>();
        }
        else
        {
            services.AddSingleton<ChatPresence, InMemoryChatPresence>();
        }

        services.AddChatHubAuthentication();
        services.Configure<SupportHours>(config.GetSection("Support:BusinessHours"));
        services.AddSingleton<ChatConnections>();
        services.AddSingleton<Portal.Core.Security.IAccessRevokedListener>(sp => sp.GetRequiredService<ChatConnections>());
        services.AddSingleton<ChatRightsFilter>();
        services.AddScoped<ChatRights>();
        services.AddScoped<ChatService>();
        services.AddScoped<ChatBroadcaster>();
        services.AddScoped<ChatAvailability>();
        services.AddCustomerProfilePanel<RecentChatsPanel>();
        services.AddScoped<ChatTranscriptMail>();
        services.AddScoped<Portal.Core.Notifications.IAccountEmailRenderer, ChatTranscriptEmailRenderer>();
        return services;
    }
}

/// <summary>Whether a customer can start a chat now: within business hours and with an agent at the console.</summary>
public sealed class ChatAvailability(Microsoft.Extensions.Options.IOptions<SupportHours> hours, ChatPresence presence, TimeProvider clock)
{
    public bool WithinHours => hours.Value.IsOpen(clock.GetUtcNow());
    public Task<bool> AgentOnlineAsync() => presence.AnyAgentOnlineAsync();

    /// <summary>Within hours and an agent online (presence is only asked within hours).</summary>
    public async Task<bool> IsAvailableAsync() => WithinHours && await AgentOnlineAsync();
    public SupportHours Hours => hours.Value;

    /// <summary>When chat next opens (in the schedule's zone); null when always open or never.</summary>
    public DateTimeOffset? NextOpening => hours.Value.NextOpening(clock.GetUtcNow());
}
