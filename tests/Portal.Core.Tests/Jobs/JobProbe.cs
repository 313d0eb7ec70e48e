using Portal.Core.Jobs;

namespace Portal.Core.Tests.Jobs;

/// <summary>What the test jobs did, and a gate a test can hold them at.</summary>
public sealed class JobProbe
{
    private int _runs;

    public int Runs => _runs;
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource? Gate { get; set; }
    public Exception? Throw { get; set; }

    public async Task RunAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _runs);
        Started.TrySetResult();
        if (Gate is { } gate) await gate.Task.WaitAsync(ct);
        if (Throw is { } e) throw e;
    }
}

public sealed class ProbeJob(JobProbe probe) : IPeriodicJob
{
    public static readonly JobSchedule Schedule = new("probe", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    public Task RunAsync(CancellationToken ct) => probe.RunAsync(ct);
}

/// <summary>Never finishes by itself.</summary>
public sealed class SlowJob(JobProbe probe) : IPeriodicJob
{
    public static readonly JobSchedule Schedule = new("slow", TimeSpan.FromMinutes(10), TimeSpan.Zero, TimeSpan.FromSeconds(30));

    public async Task RunAsync(CancellationToken ct)
    {
        await probe.RunAsync(ct);
        await Task.Delay(Timeout.Infinite, ct);
    }
}
