using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Core.Tests.Events;

namespace Portal.Core.Tests.Jobs;

public sealed class JobRunTests : IAsyncLifetime
{
    private readonly JobProbe _probe = new();
    private OutboxDatabase _db = null!;

    public async Task InitializeAsync() => _db = await OutboxDatabase.CreateAsync(services =>
    {
        services.AddSingleton(_probe).AddPeriodicJob<ProbeJob>(ProbeJob.Schedule).AddPeriodicJob<SlowJob>(SlowJob.Schedule);
        TestHandlers.AddFirst(services);
    });

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_job_runs_when_due_and_then_waits_its_interval_plus_jitter()
    {
        var started = _db.Now;

        await RunProbeOnlyAsync();
        var state = await _db.JobAsync("probe");
        Assert.Equal(1, _probe.Runs);
        Assert.Equal(started, state.LastSuccessUtc);
        Assert.InRange(state.NextRunUtc!.Value, started.AddMinutes(10), started.AddMinutes(10).AddSeconds(30));

        _db.Clock.Advance(TimeSpan.FromMinutes(9));
        await RunProbeOnlyAsync();
        Assert.Equal(1, _probe.Runs);

        _db.Clock.Advance(TimeSpan.FromSeconds(91)); // past the longest jitter
        await RunProbeOnlyAsync();
        Assert.Equal(2, _probe.Runs);
        Assert.Equal(2, (await _db.JobAsync("probe")).RunCount);
    }

    [Fact]
    public async Task A_failing_job_records_its_error_and_still_gets_a_next_run()
    {
        _probe.Throw = new InvalidOperationException("mail server down");

        await RunProbeOnlyAsync();

        var state = await _db.JobAsync("probe");
        Assert.Equal("InvalidOperationException: mail server down", state.LastError);
        Assert.Equal((1, 1), (state.RunCount, state.FailureCount));
        Assert.Null(state.LastSuccessUtc);
        Assert.Equal(_db.Now, state.LastRunFinishedUtc);
        Assert.InRange(state.NextRunUtc!.Value, _db.Now.AddMinutes(10), _db.Now.AddMinutes(10).AddSeconds(30));
        Assert.Null(state.LeaseOwner);

        _probe.Throw = null;
        _db.Clock.Advance(TimeSpan.FromMinutes(11));
        await RunProbeOnlyAsync();
        state = await _db.JobAsync("probe");
        Assert.Null(state.LastError);
        Assert.Equal(_db.Now, state.LastSuccessUtc);
        Assert.Equal(1, state.FailureCount);
    }

    [Fact]
    public async Task The_time_limit_cancels_a_slow_job()
    {
        var run = _db.Runner.RunDueAsync([Registration("slow")], CancellationToken.None);
        await _probe.Started.Task;

        _db.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, await run);
        var state = await _db.JobAsync("slow");
        Assert.StartsWith("TimeoutException", state.LastError);
        Assert.Equal(1, state.FailureCount);
        Assert.Null(state.LeaseOwner);
        Assert.Equal(_db.Now.AddMinutes(10), state.NextRunUtc);
    }

    [Fact]
    public async Task Stopping_the_application_gives_the_lease_back()
    {
        using var stopping = new CancellationTokenSource();
        var run = _db.Runner.RunDueAsync([Registration("slow")], stopping.Token);
        await _probe.Started.Task;

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var state = await _db.JobAsync("slow");
        Assert.Null(state.LeaseOwner);
        Assert.Equal(0, state.RunCount);
    }

    [Fact]
    public async Task The_outbox_dispatcher_runs_as_a_job_and_a_trigger_makes_it_due_at_once()
    {
        await _db.Runner.RunDueAsync([Registration(OutboxDispatcherJob.Name)], CancellationToken.None);
        await _db.RaiseAsync(new AccountRegistered("u1"));

        Assert.Equal(0, await _db.Runner.RunDueAsync([Registration(OutboxDispatcherJob.Name)], CancellationToken.None));
        Assert.Empty(_db.Deliveries.Seen);

        Assert.True(await _db.Runner.TriggerAsync(OutboxDispatcherJob.Name));
        Assert.Equal(1, await _db.Runner.RunDueAsync([Registration(OutboxDispatcherJob.Name)], CancellationToken.None));
        Assert.Equal<IDomainEvent>([new AccountRegistered("u1")], _db.Deliveries.By("first"));
    }

    [Fact]
    public async Task The_admin_lists_every_job_and_judges_its_health()
    {
        var start = _db.Runner.StartedAtUtc;
        await RunProbeOnlyAsync();

        var jobs = await _db.UseAsync(sp => sp.GetRequiredService<JobAdmin>().ListAsync());
        Assert.Equal(["outbox-dispatcher", "probe", "slow"], jobs.Select(j => j.Schedule.Name).Order());
        var probe = jobs.Single(j => j.Schedule.Name == "probe");
        var slow = jobs.Single(j => j.Schedule.Name == "slow");
        Assert.Equal(1, probe.State.RunCount);

        // Probe: last success + 2 × 10 min + 1 min. Slow never ran: runner start + 2 × 10 min.
        Assert.True(probe.IsHealthy(start.AddMinutes(21)));
        Assert.False(probe.IsHealthy(start.AddMinutes(21).AddSeconds(1)));
        Assert.True(slow.IsHealthy(start.AddMinutes(20)));
        Assert.False(slow.IsHealthy(start.AddMinutes(20).AddSeconds(1)));

        _db.Clock.Advance(TimeSpan.FromMinutes(20).Add(TimeSpan.FromSeconds(1)));
        var unhealthy = await _db.UseAsync(sp => sp.GetRequiredService<JobAdmin>().UnhealthyAsync());
        Assert.Equal(["outbox-dispatcher", "slow"], unhealthy.Select(j => j.Schedule.Name).Order());
    }

    private Task<int> RunProbeOnlyAsync() => _db.Runner.RunDueAsync([Registration("probe")], CancellationToken.None);

    private static JobRegistration Registration(string name) => name switch
    {
        "probe" => new(ProbeJob.Schedule, typeof(ProbeJob)),
        "slow" => new(SlowJob.Schedule, typeof(SlowJob)),
        _ => new(OutboxDispatcherJob.Schedule, typeof(OutboxDispatcherJob)),
    };
}
