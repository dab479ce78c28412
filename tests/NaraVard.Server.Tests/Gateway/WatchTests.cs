using NaraVard.Api.V1;
using Grpc.Core;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class WatchTests(ServerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ApiClient Channel => fixture.Channel;

    [Fact]
    public async Task Watch_Fresh_SendsCurrentStateThenSnapshotComplete()
    {
        var created = await Channel.CreateAsync();
        using var cancel = new CancellationTokenSource(Patience);

        var snapshot = new List<RoadmapChange>();
        await foreach (var change in Channel.WatchAsync(new WatchRoadmapRequest(), cancellationToken: cancel.Token))
        {
            snapshot.Add(change);
            if (change.SnapshotComplete is not null)
            {
                break;
            }
        }

        Assert.Contains(snapshot, c => c.Initiative?.Id == created.Id && c.Event is null);
        Assert.True(snapshot[^1].Position >= 1);
    }

    [Fact]
    public async Task Watch_ReconnectWithLastPosition_ReceivesExactlyTheMissedChangesInOrder()
    {
        var created = await Channel.CreateAsync("0583", "K07");
        var (lastSeen, _) = await FirstChangeAfterSnapshotAsync(new WatchRoadmapRequest { OrganizationCode = "0583" }, () => Channel.ReportAsync(created.Id, 0), created.Id);

        // Disconnected: 50 changes happen.
        for (var i = 1; i <= 50; i++)
        {
            await Channel.ReportAsync(created.Id, i);
        }

        using var cancel = new CancellationTokenSource(Patience);
        var missed = new List<RoadmapChange>();
        await foreach (var change in Channel.WatchAsync(new WatchRoadmapRequest { OrganizationCode = "0583", ResumeAfter = lastSeen }, cancellationToken: cancel.Token))
        {
            Assert.Null(change.SnapshotComplete);
            if (change.Initiative?.Id == created.Id)
            {
                missed.Add(change);
            }

            if (missed.Count == 50)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 50), missed.Select(c => c.Initiative.ProgressPercent));
        Assert.Equal(Enumerable.Range(3, 50).Select(v => (long)v), missed.Select(c => c.Event.Version));
        Assert.All(missed, c => Assert.True(c.Position > lastSeen));
        Assert.True(missed.Zip(missed.Skip(1)).All(p => p.First.Position < p.Second.Position));
    }

    [Fact]
    public async Task Watch_WithHundredOtherWatchers_StillDeliversTheChange()
    {
        using var others = new CancellationTokenSource();
        var ready = 0;
        var watchers = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var change in Channel.WatchAsync(new WatchRoadmapRequest { OrganizationCode = "0509" }, cancellationToken: others.Token))
                {
                    if (change.SnapshotComplete is not null)
                    {
                        Interlocked.Increment(ref ready);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException)
            {
                // Cancelled at the end of the test.
            }
        })).ToList();
        while (Volatile.Read(ref ready) < 100)
        {
            await Task.Delay(20);
        }

        var created = await Channel.CreateAsync("0512", "K08");
        var (_, change) = await FirstChangeAfterSnapshotAsync(new WatchRoadmapRequest(), () => Channel.ReportAsync(created.Id, 77), created.Id);

        Assert.Equal(77, change.Initiative.ProgressPercent);
        Assert.Equal("ProgressReported", change.Event.Type);
        await others.CancelAsync();
        await Task.WhenAll(watchers).WaitAsync(Patience);
    }

    [Fact]
    public async Task Watch_ThousandConnectDisconnectCycles_FreeTheirResources()
    {
        await CyclesAsync(200); // warm up: JIT, pools
        var before = RssBytes();

        await CyclesAsync(1_000);

        var growth = RssBytes() - before;
        Assert.True(growth < 64L * 1024 * 1024, $"server memory grew by {growth / 1024 / 1024} MiB over 1,000 watch cycles");
        var created = await Channel.CreateAsync();
        Assert.False(string.IsNullOrEmpty(created.Id));
    }

    private async Task CyclesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var cancel = new CancellationTokenSource(Patience);
            await foreach (var change in Channel.WatchAsync(new WatchRoadmapRequest { OrganizationCode = "0563" }, cancellationToken: cancel.Token))
            {
                if (change.SnapshotComplete is not null)
                {
                    break; // disconnect
                }
            }
        }
    }

    private long RssBytes()
    {
        var line = File.ReadLines($"/proc/{fixture.Server.ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Connects, waits for the snapshot, makes a change, and returns the first change about <paramref name="id"/>.</summary>
    private async Task<(long Position, RoadmapChange Change)> FirstChangeAfterSnapshotAsync(WatchRoadmapRequest request, Func<Task> makeChange, string id)
    {
        using var cancel = new CancellationTokenSource(Patience);
        await foreach (var change in Channel.WatchAsync(request, cancellationToken: cancel.Token))
        {
            if (change.SnapshotComplete is not null)
            {
                await makeChange();
            }
            else if (change.Event is not null && change.Initiative?.Id == id)
            {
                return (change.Position, change);
            }
        }

        throw new InvalidOperationException("The watch ended without the change.");
    }
}
