using System.Collections.Concurrent;

namespace Portal.Chat;

/// <summary>
/// Which agents have the console open (connections to the chat hub), per user id with their connection ids.
/// In memory: one server only. With several servers behind the Redis backplane this moves to Redis
/// (a hash of user id → connection count with expiry), or "no agent online" is only true of this server.
/// </summary>
public sealed class ChatPresence
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _agents = new();

    // Agents who switched to away at the console: still connected, but offered no new chats and not "online".
    private readonly ConcurrentDictionary<string, bool> _away = new();

    public void SetAway(string userId, bool away)
    {
        if (away) _away[userId] = true;
        else _away.TryRemove(userId, out _);
    }

    public bool IsAway(string userId) => _away.ContainsKey(userId);

    public void AgentConnected(string userId, string connectionId)
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

    public void AgentDisconnected(string userId, string connectionId)
    {
        if (!_agents.TryGetValue(userId, out var set)) return;
        lock (set)
        {
            set.Remove(connectionId);
            if (set.Count == 0) _agents.TryRemove(new KeyValuePair<string, HashSet<string>>(userId, set));
        }
    }

    /// <summary>At least one agent has the console open and is not away.</summary>
    public bool AnyAgentOnline => _agents.Keys.Any(id => !_away.ContainsKey(id));

    public int ConnectionCount(string userId) => _agents.TryGetValue(userId, out var set) ? set.Count : 0;

    public IReadOnlyList<string> ConnectionsOf(string userId)
    {
        if (!_agents.TryGetValue(userId, out var set)) return [];
        lock (set) return [.. set];
    }
}
