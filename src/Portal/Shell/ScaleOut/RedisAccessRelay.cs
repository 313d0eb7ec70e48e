using Portal.Core.Security;
using StackExchange.Redis;

namespace Portal.Shell.ScaleOut;

/// <summary>
/// Passes "this person may have lost rights" (a session ended, a role removed, an account locked) to every other
/// instance through Redis, where their listeners re-check at once. Without it a chat connection held on another
/// instance would go on hearing its conversation until its next hub call.
/// </summary>
public sealed class RedisAccessRelay(IConnectionMultiplexer redis, IServiceProvider services, ILogger<RedisAccessRelay> log)
    : IAccessRevokedListener, IHostedService, IDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("portal-access-changed");

    // The instance that made the change has told its own listeners already (AccessRevocation).
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private IAccessRevokedListener[] _local = [];

    // Sent without waiting for Redis's answer: a sign-out must not wait while Redis is away (the change itself is stored).
    public Task AccessMayHaveChangedAsync(string userId, CancellationToken ct = default) =>
        redis.GetSubscriber().PublishAsync(Channel, new RedisValue($"{_instance}\n{userId}"), CommandFlags.FireAndForget);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _local = [.. services.GetServices<IAccessRevokedListener>().Where(l => l is not RedisAccessRelay)];
        // Subscribed before the instance takes requests when Redis is there; when it is briefly away, as soon as it is back.
        if (!await TrySubscribeAsync()) _retry = RetryAsync(_stopping.Token);
    }

    private readonly CancellationTokenSource _stopping = new();
    private Task _retry = Task.CompletedTask;

    private async Task RetryAsync(CancellationToken ct)
    {
        try
        {
            do await Task.Delay(TimeSpan.FromSeconds(2), ct);
            while (!await TrySubscribeAsync());
        }
        catch (OperationCanceledException) { }
    }

    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
            // In order, one at a time, off Redis's own thread: each re-check reads the database.
            queue.OnMessage(OnMessageAsync);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            log.LogWarning(e, "Could not subscribe to access changes in Redis; trying again.");
            return false;
        }
    }

    private async Task OnMessageAsync(ChannelMessage message)
    {
        if (((string?)message.Message)?.Split('\n') is not [var from, var userId] || from == _instance) return;
        foreach (var listener in _local)
        {
            try { await listener.AccessMayHaveChangedAsync(userId); }
            catch (Exception e) { log.LogWarning(e, "Re-checking access of {UserId} for another instance failed.", userId); }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retry;
        try { await redis.GetSubscriber().UnsubscribeAsync(Channel).WaitAsync(cancellationToken); }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException) { }
    }

    public void Dispose() => _stopping.Dispose();
}
