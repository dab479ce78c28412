using NaraVard.Domain.Roadmap;

namespace NaraVard.Testing;

public static class TestRoadmap
{
    /// <summary>The real Östergötland roadmap file from the repository.</summary>
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "roadmaps", "ostergotland-2030.json");

    public static RoadmapDefinition Ostergotland { get; } = RoadmapDefinition.Load(Path);

    /// <summary>A key no other test uses, so tests sharing a host never see each other's grains.</summary>
    public static string NewKey(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
