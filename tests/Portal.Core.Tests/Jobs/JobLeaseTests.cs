using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Jobs;
using Portal.Core.Tests.Events;

namespace Portal.Core.Tests.Jobs;

public sealed class JobLeaseTests : IAsyncLifetime
{
    private readonly JobProbe _probe = new();
    private OutboxDatabase _db = null!;

    public async Task InitializeAsync() => _db = await OutboxDatabase.CreateAsync(services => services
        .AddSingleton(_probe)
        .AddPeriodicJob<ProbeJob>(ProbeJob.Schedule));

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_job_running_on_one_instance_does_not_run_on_another()
    {
        var (a, b) = (_db.Runner, _db.NewRunner());
        _probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = a.RunDueAsync(CancellationToken.None);
        await _probe.Started.Task;
        var leased = await _db.JobAsync("probe");
        Assert.Equal(a.InstanceId.ToString("N"), leased.LeaseOwner);

        Assert.Equal(0, await b.RunDueAsync(CancellationToken.None));
        _probe.Gate.SetResult();
        Assert.Equal(2, await running);  // the probe and the outbox dispatcher
        Assert.Equal(0, await b.RunDueAsync(CancellationToken.None));

        Assert.Equal(1, _probe.Runs);
        var state = await _db.JobAsync("probe");
        Assert.Equal(1, state.RunCount);
        Assert.Null(state.LeaseOwner);
        Assert.Null(state.LeaseUntilUtc);
    }

    [Fact]
    public async Task Two_instances_racing_for_a_due_job_run_it_once()
    {
        var runners = Enumerable.Range(0, 4).Select(_ => _db.NewRunner()).ToList();

        var ran = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(CancellationToken.None))));

        Assert.Equal(1, _probe.Runs);
        Assert.Equal(2, ran.Sum()); // the probe and the outbox dispatcher, once each
        Assert.Equal(1, (await _db.JobAsync("probe")).RunCount);
    }

    [Fact]
    public async Task The_lease_of_an_instance_that_died_is_taken_over_when_it_expires()
    {
        await _db.Runner.RunDueAsync(CancellationToken.None);
        _db.Clock.Advance(TimeSpan.FromMinutes(11));
        var deadUntil = _db.Now.AddMinutes(1).AddSeconds(30);
        await _db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<JobState>().Where(s => s.Name == "probe")
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, "dead").SetProperty(x => x.LeaseUntilUtc, deadUntil)));

        var other = _db.NewRunner();
        await other.RunDueAsync(CancellationToken.None);
        Assert.Equal(1, _probe.Runs);

        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        await other.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, _probe.Runs);
        Assert.Null((await _db.JobAsync("probe")).LeaseOwner);
    }

    [Fact]
    public async Task Job_state_rows_are_created_for_registered_jobs_even_when_another_instance_created_them_first()
    {
        await Task.WhenAll(_db.NewRunner().TriggerAsync("probe"), _db.NewRunner().TriggerAsync("probe"));

        Assert.Equal(_db.Now, (await _db.JobAsync("probe")).NextRunUtc);
        Assert.False(await _db.Runner.TriggerAsync("unknown"));
    }
}
