using System.Text.Json;
using System.Text.Json.Serialization;
using NaraVard.Persistence;

namespace NaraVard.Grains.Storage;

/// <summary>Turns domain events into stored rows and back. The type name is stored beside the JSON for readers of the raw log.</summary>
public static class EventCodec
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static EventData Encode<TBase>(TBase e)
        where TBase : class =>
        new(e.GetType().Name, JsonSerializer.Serialize(e, Options));

    public static TBase Decode<TBase>(StoredEvent e)
        where TBase : class =>
        JsonSerializer.Deserialize<TBase>(e.Data, Options) ?? throw new InvalidDataException($"Event {e.Position} in {e.StreamId} is empty.");

    /// <summary>
    /// An event of the global log as the county's fold takes it (<see cref="Domain.FollowUp.CountyFold"/>): an
    /// initiative or obstacle event decoded, any other stream's as its commit time only.
    /// </summary>
    public static object DecodeForFold(StoredEvent e) =>
        e.StreamId.StartsWith(Streams.InitiativePrefix, StringComparison.Ordinal) ? Decode<Domain.Initiatives.InitiativeEvent>(e)
        : e.StreamId.StartsWith(Streams.ObstaclePrefix, StringComparison.Ordinal) ? Decode<Domain.Obstacles.ObstacleEvent>(e)
        : new Domain.FollowUp.OtherLogEvent(e.RecordedAt);
}

/// <summary>Stream names: one stream per grain, prefixed by its kind.</summary>
public static class Streams
{
    public const string InitiativePrefix = "initiative-";
    public const string ObstaclePrefix = "obstacle-";
    public const string RoadmapPrefix = "roadmap-";

    public static string Initiative(string id) => InitiativePrefix + id;

    public static string Obstacle(string id) => ObstaclePrefix + id;

    public static string Roadmap(string id) => RoadmapPrefix + id;
}

/// <summary>One event of a grain's history with its place in its stream and in the global log.</summary>
public sealed record HistoryEntry<TEvent>(long Version, long Position, TEvent Event);
