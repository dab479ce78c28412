using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// Folds the global log into the state of every initiative and obstacle, remembering which changed since the
/// last take. Started after a snapshot it knows no stream yet: an event of a stream it has not seen from the
/// start has that stream's earlier events read first.
/// </summary>
internal sealed class LogProjection(long position = 0)
{
    private readonly Dictionary<string, InitiativeState> _initiatives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObstacleState> _obstacles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedInitiatives = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedObstacles = new(StringComparer.Ordinal);

    public long Position { get; private set; } = position;

    public async Task FoldAsync(StoredEvent e, IEventStore store, CancellationToken cancellationToken)
    {
        if (e.Version > 1 && !Knows(e))
        {
            foreach (var earlier in (await store.ReadStreamAsync(e.StreamId, 0, cancellationToken)).TakeWhile(x => x.Version < e.Version))
            {
                Apply(earlier);
            }
        }

        Apply(e);
        Position = e.Position;
    }

    private bool Knows(StoredEvent e) =>
        e.StreamId.StartsWith(Streams.InitiativePrefix, StringComparison.Ordinal) ? _initiatives.ContainsKey(e.StreamId[Streams.InitiativePrefix.Length..])
        : !e.StreamId.StartsWith(Streams.ObstaclePrefix, StringComparison.Ordinal) || _obstacles.ContainsKey(e.StreamId[Streams.ObstaclePrefix.Length..]);

    private void Apply(StoredEvent e)
    {
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
