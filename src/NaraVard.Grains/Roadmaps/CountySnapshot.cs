using NaraVard.Domain.Rollups;
using Orleans.Runtime;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// What the county had folded from the log up to <see cref="Position"/>, kept as grain state so that a cold
/// start folds only the events after it. Written right after an activation's fold, when nothing else has
/// touched the roll-ups yet, so it is exactly the log up to that position.
/// </summary>
public sealed record CountySnapshot
{
    /// <summary>
    /// What the summaries in a snapshot hold; a snapshot of another format is not decoded, and the log refolded.
    /// Raise it whenever a summary gains, loses or changes a member (and change its snapshot formatter with it).
    /// </summary>
    public const int CurrentFormat = 3;

    public int Format { get; init; }

    /// <summary>The version of the roadmap definition the figures were folded for; another one refolds the log.</summary>
    public long DefinitionVersion { get; init; }

    public long Position { get; init; }

    public IReadOnlyList<InitiativeSummary> Initiatives { get; init; } = [];

    public IReadOnlyList<ObstacleSummary> Obstacles { get; init; } = [];
}

public static class Snapshots
{
    /// <summary>The grain storage provider that keeps snapshots (ADO.NET on PostgreSQL, the SQLite file otherwise).</summary>
    public const string Storage = "naravard-snapshots";

    /// <summary>The county's snapshot: its state name and the grain it belongs to.</summary>
    public const string County = "county";

    public static GrainId CountyGrain(string roadmapId) => GrainId.Create(RoadmapGrain.GrainType, roadmapId);

}
