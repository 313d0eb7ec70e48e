using Portal.Core.Customers;

namespace Portal.Core.Security;

public enum SecurityCheck { EmailConfirmed, PhoneVerified, TwoFactorOn, PasswordRecent, NoOpenAlerts }

public sealed record SecurityCheckItem(SecurityCheck Check, bool Passed);

/// <summary>The checklist and its score: how many of the checks pass, out of all of them.</summary>
public sealed record SecurityStatus(IReadOnlyList<SecurityCheckItem> Items, DateTime PasswordSetAtUtc, int OpenAlerts)
{
    public int Score => Items.Count(i => i.Passed);
    public int Total => Items.Count;
}

public sealed class SecurityStatusCheck(SecurityActivity activity, TimeProvider clock)
{
    /// <summary>A password older than this is due for a change.</summary>
    public static readonly TimeSpan PasswordMaxAge = TimeSpan.FromDays(365);

    public async Task<SecurityStatus> ForAsync(PortalUser user, CancellationToken ct = default)
    {
        var passwordSet = await activity.PasswordSetAtAsync(user, ct);
        var alerts = await activity.OpenAlertsAsync(user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new SecurityStatus(
        [
            new(SecurityCheck.EmailConfirmed, user.EmailConfirmed),
            new(SecurityCheck.PhoneVerified, user.PhoneNumberConfirmed && !string.IsNullOrEmpty(user.PhoneNumber)),
            new(SecurityCheck.TwoFactorOn, user.TwoFactorEnabled),
            new(SecurityCheck.PasswordRecent, now - passwordSet <= PasswordMaxAge),
            new(SecurityCheck.NoOpenAlerts, alerts == 0),
        ], passwordSet, alerts);
    }
}
