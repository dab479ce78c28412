using System.Collections.Immutable;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using NaraVard.Domain.Initiatives;
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
    public void Deserialize_ACountySnapshotWithEveryMemberSet_ComesBackWhole()
    {
        var snapshot = new EveryMember().Of<CountySnapshot>() with { Format = CountySnapshot.CurrentFormat };

        var bytes = _serializer.Serialize(snapshot);

        AssertOneWellFormedValue(bytes);
        Assert.Equal(Json(snapshot), Json(_serializer.Deserialize<CountySnapshot>(bytes)));
    }

    [Fact]
    public void Deserialize_AFeedSnapshotWithEveryMemberSet_ComesBackWhole()
    {
        var snapshot = new EveryMember().Of<FeedSnapshot>() with { Format = FeedSnapshot.CurrentFormat };

        var bytes = _serializer.Serialize(snapshot);

        AssertOneWellFormedValue(bytes);
        Assert.Equal(Json(snapshot), Json(_serializer.Deserialize<FeedSnapshot>(bytes)));
    }

    [Fact]
    public void Deserialize_ObstaclesSavedBeforeTheyHadANextStep_LoadWithoutOne()
    {
        var summary = new EveryMember().Of<ObstacleSummary>();
        var state = new EveryMember().Of<ObstacleState>();

        var oldSummary = MessagePackSerializer.Deserialize<ObstacleSummary>(FirstMembers(MessagePackSerializer.Serialize(summary, SnapshotSerializer.Options), 12), SnapshotSerializer.Options);
        var oldState = MessagePackSerializer.Deserialize<ObstacleState>(FirstMembers(MessagePackSerializer.Serialize(state, SnapshotSerializer.Options), 20), SnapshotSerializer.Options);

        Assert.Equal(Json(summary with { Owner = "", NextStep = "", NextStepDue = null }), Json(oldSummary));
        Assert.Equal(Json(state with { Owner = "", NextStep = "", NextStepDue = null }), Json(oldState));
    }

    /// <summary>A record as an earlier version wrote it: the array's first members only.</summary>
    private static byte[] FirstMembers(byte[] record, int count)
    {
        var reader = new MessagePackReader(record);
        reader.ReadArrayHeader();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(count);
        for (var i = 0; i < count; i++)
        {
            writer.WriteRaw(reader.ReadRaw());
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Deserialize_SnapshotsOfInitialStates_ComeBackWhole()
    {
        var feed = new FeedSnapshot(FeedSnapshot.CurrentFormat, 0, [InitiativeState.Initial], [ObstacleState.Initial]);
        var county = new CountySnapshot { Format = CountySnapshot.CurrentFormat, Initiatives = [InitiativeSummary.From(InitiativeState.Initial)], Obstacles = [ObstacleSummary.From(ObstacleState.Initial, [])] };

        Assert.Equal(Json(feed), Json(_serializer.Deserialize<FeedSnapshot>(_serializer.Serialize(feed))));
        Assert.Equal(Json(county), Json(_serializer.Deserialize<CountySnapshot>(_serializer.Serialize(county))));
    }

    [Fact]
    public void Deserialize_SnapshotsSavedByMemberNameByAnEarlierVersion_Load()
    {
        var county = new EveryMember().Of<CountySnapshot>() with { Format = CountySnapshot.CurrentFormat };
        var feed = new EveryMember().Of<FeedSnapshot>() with { Format = FeedSnapshot.CurrentFormat };

        var loadedCounty = _serializer.Deserialize<CountySnapshot>(BinaryData.FromBytes(MessagePackSerializer.Serialize(county, ByMemberName)));
        var loadedFeed = _serializer.Deserialize<FeedSnapshot>(BinaryData.FromBytes(MessagePackSerializer.Serialize(feed, ByMemberName)));

        Assert.Equal(Json(county), Json(loadedCounty));
        Assert.Equal(Json(feed), Json(loadedFeed));
    }

    [Fact]
    public void Deserialize_SnapshotsOfAnEarlierFormatWithRecordsOfAnotherShape_LoadEmptyWithTheirFormat()
    {
        // As a version whose records had three members would have written them.
        static BinaryData Earlier(int members, int format)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            writer.WriteArrayHeader(members);
            writer.Write(format);
            for (var i = 1; i < members - 2; i++)
            {
                writer.Write(7L);
            }

            writer.WriteArrayHeader(1);
            writer.WriteArrayHeader(3);
            writer.Write("i-1");
            writer.Write(1);
            writer.Write(2);
            writer.WriteArrayHeader(0);
            writer.Flush();
            return BinaryData.FromBytes(buffer.WrittenMemory);
        }

        var county = _serializer.Deserialize<CountySnapshot>(Earlier(5, CountySnapshot.CurrentFormat - 1));
        var feed = _serializer.Deserialize<FeedSnapshot>(Earlier(4, FeedSnapshot.CurrentFormat - 1));

        Assert.Equal((CountySnapshot.CurrentFormat - 1, 0, 0), (county.Format, county.Initiatives.Count, county.Obstacles.Count));
        Assert.Equal((FeedSnapshot.CurrentFormat - 1, 0, 0), (feed.Format, feed.Initiatives.Count, feed.Obstacles.Count));
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

    // How snapshots were written before the array formats: every record a map keyed by member name.
    private static readonly MessagePackSerializerOptions ByMemberName = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create([new ImmutableArrayFormatter<string>(), new ImmutableArrayFormatter<Effect>(), new ImmutableArrayFormatter<Milestone>(), new ImmutableArrayFormatter<Indicator>(), new ImmutableArrayFormatter<Measurement>()], [ContractlessStandardResolver.Instance]));

    /// <summary>Every array's header counts what follows it: a generic reader skips exactly the whole value.</summary>
    private static void AssertOneWellFormedValue(BinaryData bytes)
    {
        var reader = new MessagePackReader(bytes.ToMemory());
        reader.Skip();
        Assert.True(reader.End, $"{bytes.ToMemory().Length - reader.Consumed} bytes after the snapshot's value");
    }

    private sealed class ImmutableArrayFormatter<T> : IMessagePackFormatter<ImmutableArray<T>>
    {
        public void Serialize(ref MessagePackWriter writer, ImmutableArray<T> value, MessagePackSerializerOptions options)
        {
            writer.WriteArrayHeader(value.Length);
            foreach (var item in value)
            {
                options.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, item, options);
            }
        }

        public ImmutableArray<T> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => throw new NotSupportedException();
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EventCodec.Options);
}
