using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Core.Events;

/// <summary>
/// Calls <see cref="OutboxSignal.Notify"/> once saved events are visible to the dispatcher: after a SaveChanges that
/// wrote outbox rows, or, when that SaveChanges ran inside an explicit transaction, after the commit.
/// </summary>
public sealed class OutboxSaveChangesInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Flag { public bool Value; }

    private readonly ConditionalWeakTable<DbContext, Flag> _writing = new();
    private readonly ConditionalWeakTable<DbContext, Flag> _awaitingCommit = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Clear(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Mark(DbContext? context)
    {
        if (context is null) return;
        _writing.GetOrCreateValue(context).Value =
            context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_writing.TryGetValue(context, out var writing) || !writing.Value) return;
        writing.Value = false;
        if (context.Database.CurrentTransaction is null) signal.Notify();
        else _awaitingCommit.GetOrCreateValue(context).Value = true;
    }

    private void Clear(DbContext? context)
    {
        if (context is not null && _writing.TryGetValue(context, out var writing)) writing.Value = false;
    }

    private void Committed(DbContext? context)
    {
        if (context is null || !_awaitingCommit.TryGetValue(context, out var waiting) || !waiting.Value) return;
        waiting.Value = false;
        signal.Notify();
    }

    private void Forget(DbContext? context)
    {
        if (context is not null && _awaitingCommit.TryGetValue(context, out var waiting)) waiting.Value = false;
    }
}
