using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Loyalty;

/// <summary>
/// A new account gets the sign-up bonus (and the profile bonus if it is already complete). The ledger runs its own
/// transaction and keys each bonus per customer, so a redelivered event credits nothing twice.
/// </summary>
public sealed class EarnBonusHandler(EarnBonuses bonuses) : IHandle<AccountRegistered>
{
    public async Task HandleAsync(AccountRegistered e, EventContext context, CancellationToken ct)
    {
        await bonuses.GrantAsync(e.UserId, EarnBonusKind.SignUp, ct);
        await bonuses.GrantAsync(e.UserId, EarnBonusKind.CompleteProfile, ct);
    }
}
