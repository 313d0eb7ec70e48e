using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Portal.Chat;

/// <summary>
/// Which agents have the console open (connections to the chat hub) and which of them switched to away.
/// <see cref="InMemoryChatPresence"/> knows one server; with <c>ConnectionStrings:Redis</c> set,
/// <see cref="RedisChatPresence"/> shares it, so a customer on one instance sees an agent waiting on another.
/// </summary>
public abstract class ChatPresence
{
    public abstract Task AgentConnectedAsync(string userId, string connectionId);
    public abstract Task AgentDisconnectedAsync(string userId, string connectionId);

    /// <summary>Agents who switched to away at the console: still connected, but offered no new chats and not "online".</summary>
    public abstract Task SetAwayAsync(string userId, bool away);

    public abstract Task<bool> IsAwayAsync(string userId);

    /// <summary>At least one agent has the console open and is not away.</summary>
    public abstract Task<bool> AnyAgentOnlineAsync();

    /// <summary>The agent's hub connections on every instance (a group change reaches other instances through the backplane).</summary>
    public abstract Task<IReadOnlyList<string>> ConnectionsOfAsync(string userId);

    /// <summary>
    /// An agent's connection joined a waiting chat's group to look at it. Whoever accepts the chat, on whichever
    /// instance, takes these connections out of the group again (<see cref="WatchersAsync"/>).
    /// </summary>
    public abstract Task WatchingAsync(long conversationId, string userId, string connectionId);

    /// <summary>The connections that looked at the chat and are still open, on every instance.</summary>
    public abstract Task<IReadOnlyList<(string UserId, string ConnectionId)>> WatchersAsync(long conversationId);

    /// <summary>The chat was accepted: nobody needs to be told about its watchers any more.</summary>
    public abstract Task ForgetWatchersAsync(long conversationId);
}

/// <summary>Presence in this process: right for one instance.</summary>
public sealed class InMemoryChatPresence : ChatPresence
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _agents = new();
    private readonly ConcurrentDictionary<string, bool> _away = new();
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, string>> _watching = new();

    public override Task WatchingAsync(long conversationId, string userId, string connectionId)
    {
        _watching.GetOrAdd(conversationId, _ => new())[connectionId] = userId;
        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<(string UserId, string ConnectionId)>> WatchersAsync(long conversationId) =>
        Task.FromResult<IReadOnlyList<(string, string)>>(_watching.TryGetValue(conversationId, out var watchers)
            ? watchers.Where(w => ConnectionsOf(w.Value).Contains(w.Key)).Select(w => (w.Value, w.Key)).ToList()
            : []);

    public override Task ForgetWatchersAsync(long conversationId)
    {
        _watching.TryRemove(conversationId, out _);
        return Task.CompletedTask;
    }

    public override Task SetAwayAsync(string userId, bool away)
    {
        if (away) _away[userId] = true;
        else _away.TryRemove(userId, out _);
        return Task.CompletedTask;
    }

    public override Task<bool> IsAwayAsync(string userId) => Task.FromResult(_away.ContainsKey(userId));

    public override Task AgentConnectedAsync(string userId, string connectionId)
    {
        AgentConnected(userId, connectionId);
        return Task.CompletedTask;
    }

    public override Task AgentDisconnectedAsync(string userId, string connectionId)
    {
        AgentDisconnected(userId, connectionId);
        return Task.CompletedTask;
    }

    public override Task<bool> AnyAgentOnlineAsync() => Task.FromResult(_agents.Keys.Any(id => !_away.ContainsKey(id)));

    public override Task<IReadOnlyList<string>> ConnectionsOfAsync(string userId) => Task.FromResult(ConnectionsOf(userId));

    internal void AgentConnected(string userId, string connectionId)
    {
        while (true)
        {
            var set = _agents.GetOrAdd(userId, _ => []);
            lock (set)
            {
                // The last disconnect may have just removed this set: add to the one in the dictionary.
                if (!_agents.TryGetValue(userId, out var current) || current != set) continue;
                set.Add(connectionId);
                return;
            }
        }
    }

    internal void AgentDisconnected(string userId, string connectionId)
    {
        if (!_agents.TryGetValue(userId, out var set)) return;
        lock (set)
        {
            set.Remove(connectionId);
            if (set.Count == 0) _agents.TryRemove(new KeyValuePair<string, HashSet<string>>(userId, set));
        }
        // Chats looked at but never accepted (the customer left) would otherwise keep their watchers.
        foreach (var watchers in _watching.Values) watchers.TryRemove(connectionId, out _);
    }

    private IReadOnlyList<string> ConnectionsOf(string userId)
    {
        if (!_agents.TryGetValue(userId, out var set)) return [];
        lock (set) return [.. set];
    }

    /// <summary>Every connection held here, for <see cref="RedisChatPresence"/> to renew.</summary>
    internal IEnumerable<(string UserId, string ConnectionId)> All() =>
        _agents.SelectMany(a => { lock (a.Value) return a.Value.Select(c => (a.Key, c)).ToList(); });
}

/// <summary>
/// Presence shared through Redis: a sorted set of "user id / connection id" scored by when the entry lapses. Each
/// instance renews its own connections every <see cref="Renew"/>, so those of an instance that died without saying
/// goodbye lapse after <see cref="Lifetime"/> instead of showing an agent online for ever. The away switch is a set.
/// Every call is asynchronous: 500 agents leaving at once with blocking calls starved the thread pool, and the
/// replies they waited for timed out behind them (bench/README.md).
/// </summary>
public sealed class RedisChatPresence(IConnectionMultiplexer redis, TimeProvider clock) : ChatPresence
{
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(45);

    private static readonly RedisKey Connections = "portal:presence:connections";
    private static readonly RedisKey Away = "portal:presence:away";
    private static readonly TimeSpan WatchLifetime = TimeSpan.FromDays(1);

    private static RedisKey Watching(long conversationId) => "portal:chat:watching:" + conversationId;
    private const char Separator = '\n';

    private readonly InMemoryChatPresence _local = new();

    private IDatabase Db => redis.GetDatabase();
    private double Expiry => (clock.GetUtcNow() + Lifetime).ToUnixTimeMilliseconds();
    private double Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static RedisValue Member(string userId, string connectionId) => userId + Separator + connectionId;

    public override Task AgentConnectedAsync(string userId, string connectionId)
    {
        _local.AgentConnected(userId, connectionId);
        return Db.SortedSetAddAsync(Connections, Member(userId, connectionId), Expiry);
    }

    public override Task AgentDisconnectedAsync(string userId, string connectionId)
    {
        _local.AgentDisconnected(userId, connectionId);
        return Db.SortedSetRemoveAsync(Connections, Member(userId, connectionId));
    }

    public override Task SetAwayAsync(string userId, bool away) =>
        away ? Db.SetAddAsync(Away, userId) : Db.SetRemoveAsync(Away, userId);

    public override Task<bool> IsAwayAsync(string userId) => Db.SetContainsAsync(Away, userId);

    public override async Task<bool> AnyAgentOnlineAsync()
    {
        var online = (await LiveAsync()).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        if (online.Count == 0) return false;
        var away = (await Db.SetMembersAsync(Away)).Select(v => (string)v!).ToHashSet(StringComparer.Ordinal);
        return online.Any(id => !away.Contains(id));
    }

    public override async Task<IReadOnlyList<string>> ConnectionsOfAsync(string userId) =>
        (await LiveAsync()).Where(m => m.UserId == userId).Select(m => m.ConnectionId).ToList();

    public override async Task WatchingAsync(long conversationId, string userId, string connectionId)
    {
        var db = Db;
        var key = Watching(conversationId);
        // A chat nobody accepts (the customer left) takes its watchers with it after a day.
        await Task.WhenAll(db.HashSetAsync(key, connectionId, userId), db.KeyExpireAsync(key, WatchLifetime));
    }

    public override async Task<IReadOnlyList<(string UserId, string ConnectionId)>> WatchersAsync(long conversationId)
    {
        var db = Db;
        var watchers = await db.HashGetAllAsync(Watching(conversationId));
        if (watchers.Length == 0) return [];
        // Only connections still present: taking a closed one out of a group would wait for an answer that never comes.
        var scores = await Task.WhenAll(watchers.Select(w => db.SortedSetScoreAsync(Connections, Member((string)w.Value!, (string)w.Name!))));
        var now = Now;
        return watchers.Where((w, i) => scores[i] >= now).Select(w => ((string)w.Value!, (string)w.Name!)).ToList();
    }

    public override Task ForgetWatchersAsync(long conversationId) => Db.KeyDeleteAsync(Watching(conversationId));

    private async Task<IEnumerable<(string UserId, string ConnectionId)>> LiveAsync() =>
        (await Db.SortedSetRangeByScoreAsync(Connections, Now, double.PositiveInfinity))
            .Select(v => ((string)v!).Split(Separator, 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => (parts[0], parts[1]));

    /// <summary>Renews this instance's connections and drops lapsed ones (any instance's).</summary>
    public async Task RenewAsync()
    {
        var db = Db;
        var entries = _local.All().Select(c => new SortedSetEntry(Member(c.UserId, c.ConnectionId), Expiry)).ToArray();
        if (entries.Length > 0) await db.SortedSetAddAsync(Connections, entries);
        await db.SortedSetRemoveRangeByScoreAsync(Connections, double.NegativeInfinity, Now, Exclude.Stop);
    }
}

/// <summary>Keeps this instance's agents present in Redis while their connections last.</summary>
public sealed class ChatPresenceRenewal(RedisChatPresence presence, TimeProvider clock, ILogger<ChatPresenceRenewal> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RedisChatPresence.Renew, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await presence.RenewAsync();
            }
            catch (RedisException e)
            {
                log.LogWarning(e, "Could not renew agent presence in Redis");
            }
        }
    }
}
