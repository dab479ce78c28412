using NaraVard.Grains.Runtime;
using NaraVard.Testing;

namespace NaraVard.Grains.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public sealed class GrainRuntimeTests(RuntimeFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IGrainFactory Grains => fixture.Host.Grains;

    /// <summary>A gate grain whose PassAsync holds its turn until the test opens the gate.</summary>
    private (string Key, IGateGrain Grain) NewGate()
    {
        var key = TestRoadmap.NewKey("gate");
        GateGrain.Gates[key] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        GateGrain.Entered[key] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return (key, Grains.GetGrain<IGateGrain>(key));
    }

    [Fact]
    public async Task ThousandsOfConcurrentCalls_OneGrain_NeverInterleave()
    {
        var grain = Grains.GetGrain<ITurnGrain>(TestRoadmap.NewKey());
        const int Calls = 5_000;

        // Callers on many threads at once.
        await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => Task.Run(() => grain.EnterAsync(i))));

        var report = await grain.ReportAsync();
        Assert.Equal(Calls, report.Calls);
        Assert.Equal(0, report.Overlaps);
        Assert.Equal(Calls, report.Order.Distinct().Count());
    }

    [Fact]
    public async Task CallsFromOneCaller_RunInArrivalOrder()
    {
        var grain = Grains.GetGrain<ITurnGrain>(TestRoadmap.NewKey());

        // Issued in order without awaiting each: they queue and must run in that order.
        var calls = Enumerable.Range(0, 2_000).Select(grain.EnterAsync).ToList();
        await Task.WhenAll(calls);

        var report = await grain.ReportAsync();
        Assert.Equal(Enumerable.Range(0, 2_000), report.Order);
    }

    [Fact]
    public async Task DifferentGrains_RunInParallel()
    {
        var keys = Enumerable.Range(0, 4).Select(_ => TestRoadmap.NewKey("gate")).ToList();
        foreach (var key in keys)
        {
            GateGrain.Gates[key] = new(TaskCreationOptions.RunContinuationsAsynchronously);
            GateGrain.Entered[key] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var passing = keys.Select(k => Grains.GetGrain<IGateGrain>(k).PassAsync()).ToList();

        // Every grain is inside its call at the same time: none waits for another's turn.
        await Task.WhenAll(keys.Select(k => GateGrain.Entered[k].Task)).WaitAsync(Patience);
        Assert.All(passing, p => Assert.False(p.IsCompleted));
        foreach (var key in keys)
        {
            GateGrain.Gates[key].SetResult();
        }

        await Task.WhenAll(passing).WaitAsync(Patience);
    }

    [Fact]
    public async Task IdleGrain_IsDeactivated_AndReactivatesWithItsState()
    {
        var key = TestRoadmap.NewKey("mem");
        var grain = Grains.GetGrain<IMemoryGrain>(key);
        await grain.SetAsync("Linköping: strategi");

        fixture.Host.Time.Advance(RuntimeFixture.IdleTimeout + TimeSpan.FromSeconds(1));
        await CollectUntilAsync(() => MemoryGrain.Deactivations.GetValueOrDefault(key) == 1);

        Assert.Equal("Linköping: strategi", await grain.GetAsync());
        Assert.Equal(2, MemoryGrain.Activations[key]);
    }

    [Fact]
    public async Task BusyGrain_IsNotDeactivated()
    {
        var key = TestRoadmap.NewKey("mem");
        var grain = Grains.GetGrain<IMemoryGrain>(key);
        await grain.SetAsync("x");

        fixture.Host.Time.Advance(RuntimeFixture.IdleTimeout / 2);
        await grain.GetAsync();
        fixture.Host.Time.Advance((RuntimeFixture.IdleTimeout / 2) + TimeSpan.FromSeconds(1));
        fixture.Host.Runtime.CollectIdleActivations();
        await grain.GetAsync();

        Assert.Equal(1, MemoryGrain.Activations[key]);
        Assert.False(MemoryGrain.Deactivations.ContainsKey(key));
    }

    [Fact]
    public async Task FailedActivation_ReachesTheCaller_AndTheNextCallWorks()
    {
        var key = TestRoadmap.NewKey("mem");
        MemoryGrain.FailActivations[key] = 1;
        var grain = Grains.GetGrain<IMemoryGrain>(key);

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.SetAsync("lost"));
        Assert.IsType<IOException>(error.InnerException);

        await grain.SetAsync("kept");
        Assert.Equal("kept", await grain.GetAsync());
    }

    [Fact]
    public async Task ThrowingCall_ReachesTheCaller_AndDoesNotPoisonTheGrain()
    {
        var grain = Grains.GetGrain<IMemoryGrain>(TestRoadmap.NewKey("mem"));
        await grain.SetAsync("before");

        await Assert.ThrowsAsync<InvalidOperationException>(grain.FailAsync);

        Assert.Equal("before", await grain.GetAsync());
        await grain.SetAsync("after");
        Assert.Equal("after", await grain.GetAsync());
    }

    [Fact]
    public async Task InterleavedRead_WhileATurnWaits_AnswersAtOnce_AndOrdinaryCallsStillWait()
    {
        var (key, grain) = NewGate();
        Assert.Equal(1, await grain.CountAsync());
        var blocking = grain.PassAsync();
        await GateGrain.Entered[key].Task.WaitAsync(Patience);

        var queued = grain.CountAsync();
        Assert.Equal(1, await grain.PeekAsync().WaitAsync(Patience));
        Assert.False(queued.IsCompleted);

        GateGrain.Gates[key].SetResult();
        await blocking.WaitAsync(Patience);
        Assert.Equal(3, await queued.WaitAsync(Patience));
        Assert.Equal(3, await grain.PeekAsync());
    }

    [Fact]
    public async Task InterleavedRead_OnAnInactiveGrain_ActivatesItThroughTheMailbox()
    {
        var key = TestRoadmap.NewKey("peek");
        var grain = Grains.GetGrain<IGateGrain>(key);

        Assert.Equal(0, await grain.PeekAsync().WaitAsync(Patience));
        Assert.True(fixture.Host.Runtime.IsActive<IGateGrain>(key));
    }

    [Fact]
    public async Task Cancellation_ReachesACallWaitingInTheMailbox()
    {
        var (key, grain) = NewGate();
        var blocking = grain.PassAsync();
        await GateGrain.Entered[key].Task.WaitAsync(Patience);

        using var cancel = new CancellationTokenSource();
        var waiting = grain.CountAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        Assert.False(blocking.IsCompleted);
        GateGrain.Gates[key].SetResult();
        await blocking.WaitAsync(Patience);

        // The cancelled call never ran: the next count is 2 (one pass, then this count).
        Assert.Equal(2, await grain.CountAsync());
    }

    [Fact]
    public async Task Cancellation_ReachesARunningCall()
    {
        var (key, grain) = NewGate();
        using var cancel = new CancellationTokenSource();

        var running = grain.PassAsync(cancel.Token);
        await GateGrain.Entered[key].Task.WaitAsync(Patience);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Patience));
        Assert.Equal(1, await grain.CountAsync());
    }

    [Fact]
    public async Task CallCycle_BetweenTwoGrains_DoesNotDeadlock()
    {
        var a = TestRoadmap.NewKey("ping");
        var b = TestRoadmap.NewKey("ping");

        // a → b → a → b … 10 hops: each call re-enters a grain whose turn waits for it.
        var visits = await Grains.GetGrain<IPingGrain>(a).PingAsync(b, 10).WaitAsync(Patience);

        Assert.Equal(6, visits);
    }

    [Fact]
    public async Task OneWayNotifications_InOppositeDirectionsAtOnce_AllArrive()
    {
        var a = TestRoadmap.NewKey("ping");
        var b = TestRoadmap.NewKey("ping");
        var done = Enumerable.Range(0, 50).Select(_ => TestRoadmap.NewKey("done")).ToList();
        foreach (var d in done)
        {
            PingGrain.Done[d] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Chains start at both ends at the same time; awaited two-way calls could wait on each other forever.
        for (var i = 0; i < done.Count; i++)
        {
            var (from, to) = i % 2 == 0 ? (a, b) : (b, a);
            await Grains.GetGrain<IPingGrain>(from).NotifyAsync(to, 5, done[i]);
        }

        await Task.WhenAll(done.Select(d => PingGrain.Done[d].Task)).WaitAsync(Patience);
    }

    // The collector runs periodically; a turn that just returned to its caller may still be finishing, so look again.
    private async Task CollectUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Still not collected:\n{fixture.Host.Runtime.Describe()}");
            fixture.Host.Runtime.CollectIdleActivations();
            await Task.Delay(10);
        }
    }
}
