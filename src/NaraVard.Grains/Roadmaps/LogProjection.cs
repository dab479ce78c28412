using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Roadmaps;

/// <summary>Folds the global log into the state of every initiative and obstacle, remembering which changed since the last take.</summary>
internal sealed class LogProjection
{
    private readonly Dictionary<string, InitiativeState> _initiatives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObstacleState> _obstacles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedInitiatives = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedObstacles = new(StringComparer.Ordinal);

    public long Position { get; private set; }

    public void Fold(StoredEvent e)
    {
        Position = e.Position;
        if (e.StreamId.StartsWith(Streams.InitiativePrefix, StringComparison.Ordinal))
        {
            var id = e.StreamId[Streams.InitiativePrefix.Length..];
            _initiatives[id] = _initiatives.GetValueOrDefault(id, InitiativeState.Initial).Apply(EventCodec.Decode<InitiativeEvent>(e));
            _changedInitiatives.Add(id);
        }
        else if (e.StreamId.StartsWith(Streams.ObstaclePrefix, StringComparison.Ordinal))
        {
            var id = e.StreamId[Streams.ObstaclePrefix.Length..];
            _obstacles[id] = _obstacles.GetValueOrDefault(id, ObstacleState.Initial).Apply(EventCodec.Decode<ObstacleEvent>(e));
            _changedObstacles.Add(id);
        }
    }

    public IEnumerable<InitiativeSummary> TakeInitiativeChanges()
    {
        var changed = _changedInitiatives.Select(id => InitiativeSummary.From(_initiatives[id])).ToList();
        _changedInitiatives.Clear();
        return changed;
    }

    public IEnumerable<ObstacleState> TakeObstacleChanges()
    {
        var changed = _changedObstacles.Select(id => _obstacles[id]).ToList();
        _changedObstacles.Clear();
        return changed;
    }
}
