using Portal.Core.Data;

namespace Portal.Core.Tests.Data;

public class SqliteWriteGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Writers_take_turns_in_the_order_they_came_and_the_checkpointer_goes_ahead_of_them()
    {
        var gate = new SqliteWriteGate();
        var order = new List<string>();
        var holder = await gate.EnterAsync(CancellationToken.None);

        async Task TakeTurn(string name, bool first)
        {
            using var turn = first ? await gate.EnterFirstAsync(CancellationToken.None) : await gate.EnterAsync(CancellationToken.None);
            lock (order) order.Add(name);
        }

        var writers = new[] { TakeTurn("batch 1", false), TakeTurn("batch 2", false), TakeTurn("restart", true), TakeTurn("batch 3", false) };
        Assert.Empty(order);
        holder.Dispose();
        await Task.WhenAll(writers).WaitAsync(Patience);

        Assert.Equal(["restart", "batch 1", "batch 2", "batch 3"], order);
    }

    [Fact]
    public async Task A_writer_that_gives_up_waiting_does_not_keep_the_turn_from_the_next()
    {
        var gate = new SqliteWriteGate();
        var holder = await gate.EnterAsync(CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var leaving = gate.EnterAsync(giveUp.Token).AsTask();
        var staying = gate.EnterAsync(CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(Patience));
        Assert.False(staying.IsCompleted);
        holder.Dispose();
        (await staying.WaitAsync(Patience)).Dispose();

        // Free again: the next writer goes straight in.
        var next = gate.EnterAsync(CancellationToken.None);
        Assert.True(next.IsCompleted);
        (await next).Dispose();
    }
}
