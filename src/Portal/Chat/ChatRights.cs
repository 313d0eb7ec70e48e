using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Chat;
using Portal.Core.Data;
using Portal.Core.Security;
using Portal.Security;

namespace Portal.Chat;

/// <summary>
/// Every open hub connection on this server, with who opened it and whether as an agent, so a lost right closes it
/// at once (<see cref="IAccessRevokedListener"/>) and broadcasts can leave the right people out.
/// </summary>
public sealed class ChatConnections(IServiceScopeFactory scopes) : IAccessRevokedListener
{
    public sealed record Entry(HubCallerContext Context, string UserId, string? SessionId, bool ViaToken, bool IsAgent);

    private readonly ConcurrentDictionary<string, Entry> _open = new();

    public void Add(Entry entry) => _open[entry.Context.ConnectionId] = entry;

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    public bool TryGet(string connectionId, out Entry entry) => _open.TryGetValue(connectionId, out entry!);

    public IReadOnlyList<Entry> All => [.. _open.Values];

    public async Task AccessMayHaveChangedAsync(string userId, CancellationToken ct = default)
    {
        var mine = _open.Values.Where(e => e.UserId == userId).ToList();
        if (mine.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var rights = scope.ServiceProvider.GetRequiredService<ChatRights>();
        foreach (var entry in mine)
            if (!Still(entry, await rights.CheckAsync(entry.UserId, entry.SessionId, entry.ViaToken, ct)))
                Close(entry.Context);
    }

    /// <summary>Allowed still, and an agent connection only while the person is an agent (its groups say so).</summary>
    public static bool Still(Entry entry, ChatAccess access) => access.Keeps(entry.IsAgent);

    /// <summary>Closes a connection whose rights are gone.</summary>
    public void Close(HubCallerContext context)
    {
        Remove(context.ConnectionId);
        context.Abort();
    }
}

/// <summary>
/// Checks the caller's rights against the database when the connection opens and before every hub method (SendMessage
/// in its own read), and closes a connection whose session ended, whose account was locked or whose agent role was removed.
/// </summary>
public sealed class ChatRightsFilter(ChatConnections connections) : IHubFilter
{
    public const string AgentItem = "chat-agent";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocation.Context;
        var services = invocation.ServiceProvider;
        // One open connection for the check and the method's own queries, as a request has.
        var db = services.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync(context.ConnectionAborted);
        try
        {
            // SendMessage reads the rights in the same statement as the message's checks (ChatService.SendLiveAsync): a
            // round trip less on the busiest call.
            var checksItsOwn = invocation.HubMethodName == nameof(ChatHub.SendMessage);
            if (!connections.TryGet(context.ConnectionId, out var entry)
                || (!checksItsOwn && !ChatConnections.Still(entry, await services.GetRequiredService<ChatRights>()
                    .CheckAsync(entry.UserId, entry.SessionId, entry.ViaToken, context.ConnectionAborted))))
            {
                connections.Close(context);
                throw SessionEnded(services);
            }
            return await next(invocation);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext lifetime, Func<HubLifetimeContext, Task> next)
    {
        var context = lifetime.Context;
        var http = context.GetHttpContext();
        var viaToken = http is not null && ChatHubAuthentication.IsBearer(http.Request);
        var userId = context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        var sessionId = context.User?.FindFirstValue(SessionClaims.SessionId);
        var access = userId is null ? default
            : await lifetime.ServiceProvider.GetRequiredService<ChatRights>().CheckAsync(userId, sessionId, viaToken, context.ConnectionAborted);
        if (!access.Allowed) throw SessionEnded(lifetime.ServiceProvider);
        context.Items[AgentItem] = access.IsAgent;
        connections.Add(new ChatConnections.Entry(context, userId!, sessionId, viaToken, access.IsAgent));
        await next(lifetime);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext lifetime, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        connections.Remove(lifetime.Context.ConnectionId);
        await next(lifetime, exception);
    }

    private static HubException SessionEnded(IServiceProvider services) =>
        ChatMessages.Refusal(ChatMessages.SessionEndedCode, services.GetRequiredService<IStringLocalizer<SharedResource>>()["Sign in again to continue."]);
}
