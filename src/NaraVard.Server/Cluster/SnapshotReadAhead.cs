using NaraVard.Grains.Roadmaps;
using NaraVard.Server.Feed;

namespace NaraVard.Server.Cluster;

/// <summary>
/// Decodes the county's and the feed's snapshots while the host is built and the silo starts, so that a restart
/// at national scale does not wait for them (docs/performance.md). They are begun when the storage is configured,
/// not when the host starts: constructing the hosted services (the silo's above all) took half a second before
/// the first of them starts, and the decode needs no service. What the county and the feed have not taken once
/// the host has started (the county is loaded by then, <see cref="RoadmapStartup"/>) is dropped.
/// </summary>
internal sealed class SnapshotReadAhead(SqliteGrainStorage storage, IHostApplicationLifetime lifetime) : IHostedService
{
    public static void Begin(SqliteGrainStorage storage, string roadmapId)
    {
        _ = storage.ReadAhead<CountySnapshot>(Snapshots.County, Snapshots.CountyGrain(roadmapId));
        _ = storage.ReadAhead<FeedSnapshot>(FeedSnapshots.StateName, FeedSnapshots.Id);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(storage.ForgetReadAhead);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
