namespace NaraVard.Grains.Roadmaps;

public sealed class RoadmapOptions
{
    /// <summary>The id of the roadmap this node serves, from the roadmap file (for example ostergotland-2030).</summary>
    public string RoadmapId { get; set; } = "";

    /// <summary>A tail of at least this many events folded at activation is saved as a new snapshot.</summary>
    public int SnapshotAfterEvents { get; set; } = 1_000;
}
