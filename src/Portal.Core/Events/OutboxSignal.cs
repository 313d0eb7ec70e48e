using System.Threading.Channels;

namespace Portal.Core.Events;

/// <summary>
/// "Events were saved": wakes the job runner so the dispatcher runs now instead of at its next interval.
/// Only a hint within this process; the interval delivers anything a lost signal missed.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Completes when <see cref="Notify"/> was called since the last wait (several calls count as one).</summary>
    public async Task WaitAsync(CancellationToken ct) => await _channel.Reader.ReadAsync(ct);

    /// <summary>Takes a pending notification without waiting.</summary>
    public bool TryTake() => _channel.Reader.TryRead(out _);
}
