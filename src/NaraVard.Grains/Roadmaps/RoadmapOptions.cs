namespace NaraVard.Grains.Roadmaps;

public sealed class RoadmapOptions
{
    /// <summary>The id of the roadmap this node serves, from the roadmap file (for example ostergotland-2030).</summary>
    public string RoadmapId { get; set; } = "";
}
