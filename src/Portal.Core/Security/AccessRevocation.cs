using Microsoft.Extensions.Logging;

namespace Portal.Core.Security;

/// <summary>
/// Told, after the change is committed, that a person may have lost rights: a session ended, a role removed, the
/// account locked. Long-lived connections (the chat hub) re-check theirs and close the ones no longer allowed.
/// </summary>
public interface IAccessRevokedListener
{
    Task AccessMayHaveChangedAsync(string userId, CancellationToken ct = default);
}

public sealed class AccessRevocation(IEnumerable<IAccessRevokedListener> listeners, ILogger<AccessRevocation> log)
{
    public async Task NotifyAsync(string userId, CancellationToken ct = default)
    {
        foreach (var listener in listeners)
        {
            // The change itself is done and stored; a listener failing must not undo a sign-out or a lock.
            try { await listener.AccessMayHaveChangedAsync(userId, ct); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Re-checking access of {UserId} failed.", userId); }
        }
    }
}
