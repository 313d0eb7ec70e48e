using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core.Events;

namespace Portal.Core.Jobs;

public sealed class JobsOptions
{
    /// <summary>False leaves jobs to explicit <see cref="JobRunner.RunDueAsync"/> calls (tests, tools).</summary>
    public bool RunInBackground { get; set; } = true;

    /// <summary>How often each job's due time is checked.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// One loop per job, so a long job never delays another (above all the outbox dispatcher). Each loop checks every
/// tick whether its job is due; the dispatcher's loop also wakes when <see cref="OutboxSignal"/> fires.
/// </summary>
public sealed class JobsHostedService(JobRunner runner, JobRegistry registry, OutboxSignal signal, JobsOptions options, TimeProvider clock,
    ILogger<JobsHostedService> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunInBackground) return Task.CompletedTask;
        return Task.WhenAll(registry.All.Select(job => Task.Run(() => LoopAsync(job, stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(JobRegistration job, CancellationToken stoppingToken)
    {
        var signalled = job.Schedule.Name == OutboxDispatcherJob.Name;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunDueAsync([job], stoppingToken);
                if (signalled ? await TickOrSignalAsync(stoppingToken) : await TickAsync(stoppingToken))
                    await runner.TriggerAsync(job.Schedule.Name, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be briefly unreachable: keep looping, the job's state is in the database.
                log.LogError(e, "Running job {Job} failed", job.Schedule.Name);
                await Task.Delay(options.Tick, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<bool> TickAsync(CancellationToken ct)
    {
        await Task.Delay(options.Tick, clock, ct);
        return false;
    }

    /// <summary>True when the signal fired.</summary>
    private async Task<bool> TickOrSignalAsync(CancellationToken ct)
    {
        if (signal.TryTake()) return true;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var signalled = signal.WaitAsync(wait.Token);
        var tick = Task.Delay(options.Tick, clock, wait.Token);
        await Task.WhenAny(signalled, tick);
        await wait.CancelAsync();
        ct.ThrowIfCancellationRequested();
        // A signal read just as the tick won still counts.
        await Task.WhenAll(signalled, tick).ContinueWith(_ => { }, TaskScheduler.Default);
        return signalled.IsCompletedSuccessfully;
    }
}
