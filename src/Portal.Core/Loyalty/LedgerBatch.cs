using Portal.Core.Events;

namespace Portal.Core.Loyalty;

/// <summary>Several customers' ledger sessions inside one <see cref="PointsLedger.WriteBatchAsync{T}"/> transaction.</summary>
public sealed class LedgerBatch
{
    private readonly PointsLedger _ledger;
    private readonly List<Func<IDomainEvent>> _events = [];
    private readonly List<object> _rows = [];
    private Dictionary<string, LedgerSession> _sessions = [];

    internal LedgerBatch(PointsLedger ledger) => _ledger = ledger;

    public DateTime Now { get; private set; }

    internal async Task OpenAsync(IReadOnlyCollection<string> customerIds, DateTime now, CancellationToken ct)
    {
        Now = now;
        _sessions = await LedgerSession.OpenManyAsync(_ledger, customerIds, now, _events, _rows, Untracked, ct);
    }

    /// <summary>
    /// The purchases, entries and allocations are kept here, out of the context, and stored by
    /// <see cref="SqliteLedgerBatchWriter"/> (SQLite); otherwise they are added to the context for SaveChanges.
    /// </summary>
    internal bool Untracked => SqliteLedgerBatchWriter.Applies(_ledger.Db);

    /// <summary>The session of a customer named when the batch was opened.</summary>
    public LedgerSession this[string customerId] => _sessions[customerId];

    internal bool Touched => _sessions.Values.Any(s => s.Touched);

    internal IEnumerable<LedgerSession> Sessions => _sessions.Values;

    /// <summary>The rows the sessions added and kept (purchases, entries, allocations), in the order added.</summary>
    internal IReadOnlyList<object> Rows => _rows;

    /// <summary>The events waiting for ids, in the order raised.</summary>
    internal List<Func<IDomainEvent>> Events => _events;

    /// <summary>Adds the events waiting for ids to the outbox, in the order raised; true when there were any.</summary>
    internal bool RaiseEvents()
    {
        if (_ledger.Outbox is not { } outbox || _events.Count == 0) return false;
        foreach (var create in _events) outbox.Raise(create());
        _events.Clear();
        return true;
    }
}
