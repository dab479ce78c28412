using System.Text.Json.Serialization;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Grains.Roadmaps;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(RoadmapDefined), nameof(RoadmapDefined))]
public abstract record RoadmapEvent
{
    public required DateTimeOffset At { get; init; }
}

/// <summary>The roadmap definition was loaded (first start) or changed (the file was edited).</summary>
public sealed record RoadmapDefined : RoadmapEvent
{
    public required RoadmapDefinition Definition { get; init; }
}
