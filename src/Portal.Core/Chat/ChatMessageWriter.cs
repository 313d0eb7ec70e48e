using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;

namespace Portal.Core.Chat;

/// <summary>
/// Stores chat messages with one commit for all that arrive together (group commit). Each message was its own
/// transaction behind <see cref="SqliteWriteGate"/>: at a few hundred messages a second the gate was always taken and
/// messages queued for it (bench/README.md). A caller still returns only once its message is committed.
/// </summary>
public sealed class ChatMessageWriter(IServiceScopeFactory scopes) : IDisposable
{
    // Bounds one transaction; a busier moment simply takes several.
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Task? _loop;

    private sealed record Pending(ChatMessage Message, TaskCompletionSource Stored);

    /// <summary>Completes when <paramref name="message"/> is committed; a clash on its client id throws <see cref="DbUpdateException"/>.</summary>
    public Task WriteAsync(ChatMessage message)
    {
        var pending = new Pending(message, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(ChatMessageWriter));
        lock (_start) _loop ??= Task.Run(LoopAsync);
        return pending.Stored.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            await StoreAsync(batch);
            batch.Clear();
        }
    }

    private async Task StoreAsync(IReadOnlyList<Pending> batch)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var gate = scope.ServiceProvider.GetService<SqliteWriteGate>();
            db.AddRange(batch.Select(p => p.Message));
            using (gate is null ? default : await gate.EnterAsync(db, CancellationToken.None))
                await db.SaveChangesAsync(CancellationToken.None);
            foreach (var p in batch) p.Stored.TrySetResult();
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            // One of them repeats a stored client id (a retry racing its original): nothing was written, so each
            // goes again alone and only that one fails.
            foreach (var p in batch) await StoreAsync([p]);
        }
        catch (Exception e)
        {
            foreach (var p in batch) p.Stored.TrySetException(e);
        }
    }

    public void Dispose() => _queue.Writer.TryComplete();
}
