using NaraVard.Domain.Roadmap;
using NaraVard.Grains.Roadmaps;
using NaraVard.Server.Feed;

namespace NaraVard.Server.Cluster;

/// <summary>
/// Starts decoding the county's and the feed's snapshots before the host and the silo start, on the core their
/// start leaves idle, so a restart at national scale does not decode them one after the other
/// (docs/performance.md). What the county and the feed have not taken once the host has started is dropped.
/// </summary>
internal sealed class SnapshotReadAhead(SqliteGrainStorage storage, RoadmapDefinition roadmap) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = storage.ReadAhead<CountySnapshot>(Snapshots.County, Snapshots.CountyGrain(roadmap.Id));
        _ = storage.ReadAhead<FeedSnapshot>(FeedSnapshots.StateName, FeedSnapshots.Id);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        storage.ForgetReadAhead();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
