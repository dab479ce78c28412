using System.Text.Json;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Server.Cluster;
using NaraVard.Server.Feed;
using NaraVard.Server.Tests.Feed;

namespace NaraVard.Server.Tests.Cluster;

/// <summary>Snapshots come back member by member from their binary form, and one saved as JSON by an earlier version still loads.</summary>
public sealed class SnapshotSerializerTests
{
    private readonly SnapshotSerializer _serializer = new();

    [Fact]
    public void Deserialize_ACountySnapshotOfRichSummaries_ComesBackMemberByMember()
    {
        var snapshot = CountyOfRichStates();

        var loaded = _serializer.Deserialize<CountySnapshot>(_serializer.Serialize(snapshot));

        Assert.Equal(Json(snapshot), Json(loaded));
    }

    [Fact]
    public void Deserialize_AFeedSnapshotOfRichStates_ComesBackMemberByMember()
    {
        var (initiative, obstacle) = FeedSnapshotTests.RichStates();
        var snapshot = new FeedSnapshot(FeedSnapshot.CurrentFormat, 42, [initiative, initiative with { Id = "i-plain", Budget = null, Milestones = [] }], [obstacle]);

        var loaded = _serializer.Deserialize<FeedSnapshot>(_serializer.Serialize(snapshot));

        Assert.Equal(Json(snapshot), Json(loaded));
    }

    [Fact]
    public void Serialize_ASnapshot_IsNotJson()
    {
        var bytes = _serializer.Serialize(CountyOfRichStates()).ToArray();

        Assert.NotEqual((byte)'{', bytes[0]);
        Assert.True(bytes.Length < JsonSerializer.SerializeToUtf8Bytes(CountyOfRichStates()).Length);
    }

    [Fact]
    public void Deserialize_ASnapshotSavedAsJsonByAnEarlierVersion_Loads()
    {
        var snapshot = CountyOfRichStates();

        var loaded = _serializer.Deserialize<CountySnapshot>(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(snapshot)));

        Assert.Equal(Json(snapshot), Json(loaded));
    }

    private static CountySnapshot CountyOfRichStates()
    {
        var (initiative, obstacle) = FeedSnapshotTests.RichStates();
        return new CountySnapshot
        {
            Format = CountySnapshot.CurrentFormat,
            DefinitionVersion = 3,
            Position = 1_000_002,
            Initiatives = [InitiativeSummary.From(initiative), InitiativeSummary.From(initiative with { Id = "i-other", Participants = [] })],
            Obstacles = [ObstacleSummary.From(obstacle, ObstacleReach.AffectedOrganizations(obstacle, _ => ["05", "0580"]))],
        };
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EventCodec.Options);
}
