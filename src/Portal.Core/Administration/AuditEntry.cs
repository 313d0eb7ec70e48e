namespace Portal.Core.Administration;

/// <summary>One change an admin made to a person's account: who, to whom, what and when. Never edited.</summary>
public class AuditEntry
{
    public long Id { get; private set; }
    public string ActorUserId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public string TargetUserId { get; private set; } = "";
    public AuditAction Action { get; private set; }
    public string Detail { get; private set; } = "";
    public DateTime AtUtc { get; private set; }

    private AuditEntry() { }

    public AuditEntry(string actorUserId, string actorName, string targetUserId, AuditAction action, string detail, DateTime atUtc)
    {
        ActorUserId = actorUserId;
        ActorName = actorName;
        TargetUserId = targetUserId;
        Action = action;
        Detail = detail;
        AtUtc = atUtc;
    }
}

public enum AuditAction
{
    RoleAdded, RoleRemoved, Locked, Unlocked, ReferralApproved, ReferralRejected,
    SecurityAlertConfirmed, SecurityAlertDismissed, RedemptionReleased, RedemptionCancelled, HoldReleased, HoldCancelled,
}
