using System.Runtime.CompilerServices;
using MessagePack;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Roadmaps;
using NaraVard.Server.Feed;
using static NaraVard.Server.Cluster.SnapshotFormats.Fields;

namespace NaraVard.Server.Cluster.SnapshotFormats;

/// <summary>
/// The county's snapshot: its position and its 100,000 summaries at national scale. Its format comes first: one
/// of another format (summaries of another shape) is not decoded further, and the county refolds the log.
/// </summary>
internal sealed class CountySnapshotFormatter() : ArrayFormatter<CountySnapshot>(5)
{
    private static readonly InitiativeSummaryFormatter Initiatives = new();
    private static readonly ObstacleSummaryFormatter Obstacles = new();

    protected override void Write(ref MessagePackWriter writer, CountySnapshot value)
    {
        writer.Write(value.Format);
        writer.Write(value.DefinitionVersion);
        writer.Write(value.Position);
        List(ref writer, value.Initiatives, Initiatives);
        List(ref writer, value.Obstacles, Obstacles);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override CountySnapshot Read(ref MessagePackReader reader, int members)
    {
        var format = reader.ReadInt32();
        if (format != CountySnapshot.CurrentFormat)
        {
            SkipRest(ref reader, 4);
            return new CountySnapshot { Format = format };
        }

        return new CountySnapshot
        {
            Format = format,
            DefinitionVersion = reader.ReadInt64(),
            Position = reader.ReadInt64(),
            Initiatives = List(ref reader, Initiatives),
            Obstacles = List(ref reader, Obstacles),
        };
    }
}

/// <summary>The event feed's snapshot: its position and every initiative's and obstacle's state; of another format, as the county's.</summary>
internal sealed class FeedSnapshotFormatter() : ArrayFormatter<FeedSnapshot>(4)
{
    private static readonly InitiativeStateFormatter Initiatives = new();
    private static readonly ObstacleStateFormatter Obstacles = new();

    protected override void Write(ref MessagePackWriter writer, FeedSnapshot value)
    {
        writer.Write(value.Format);
        writer.Write(value.Position);
        List(ref writer, value.Initiatives, Initiatives);
        List(ref writer, value.Obstacles, Obstacles);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override FeedSnapshot Read(ref MessagePackReader reader, int members)
    {
        var format = reader.ReadInt32();
        if (format != FeedSnapshot.CurrentFormat)
        {
            SkipRest(ref reader, 3);
            return new FeedSnapshot(format, 0, [], []);
        }

        return new FeedSnapshot(format, reader.ReadInt64(), List(ref reader, Initiatives), List(ref reader, Obstacles));
    }
}
