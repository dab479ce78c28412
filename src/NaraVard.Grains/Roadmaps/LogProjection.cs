using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// The county's live fold of the global log: the same <see cref="CountyFold"/> that answers as of a moment, fed
/// from the store in log order, remembering which initiatives and obstacles changed since the last take. Started
/// after a snapshot it knows no stream yet: an event of a stream it has not seen from the start has that stream's
/// earlier events read first.
/// </summary>
internal sealed class LogProjection(long position = 0)
{
    private readonly CountyFold _fold = new();
    private readonly HashSet<string> _changedInitiatives = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedObstacles = new(StringComparer.Ordinal);

    public long Position { get; private set; } = position;

    public async Task FoldAsync(StoredEvent e, IEventStore store, CancellationToken cancellationToken)
    {
        var decoded = EventCodec.DecodeForFold(e);
        if (e.Version > 1 && !Knows(decoded))
        {
            foreach (var earlier in (await store.ReadStreamAsync(e.StreamId, 0, cancellationToken)).TakeWhile(x => x.Version < e.Version))
            {
                Apply(earlier.Position, EventCodec.DecodeForFold(earlier));
            }
        }

        Apply(e.Position, decoded);
        Position = e.Position;
    }

    /// <summary>An event the node's follower read and folded already: its stream's state after it, as is.</summary>
    public void Take(FollowedEvent e)
    {
        if (e.Initiative is { } initiative)
        {
            _fold.Set(e.Position, initiative);
            _changedInitiatives.Add(initiative.Id);
        }
        else if (e.Obstacle is { } obstacle)
        {
            _fold.Set(e.Position, obstacle);
            _changedObstacles.Add(obstacle.Id);
        }

        Position = e.Position;
    }

    private bool Knows(object e) => e switch
    {
        InitiativeEvent i => _fold.Initiatives.ContainsKey(i.InitiativeId),
        ObstacleEvent o => _fold.Obstacles.ContainsKey(o.ObstacleId),
        _ => true,
    };

    private void Apply(long position, object e)
    {
        _fold.Apply(position, e, DateTimeOffset.MaxValue);
        switch (e)
        {
            case InitiativeEvent i:
                _changedInitiatives.Add(i.InitiativeId);
                break;
            case ObstacleEvent o:
                _changedObstacles.Add(o.ObstacleId);
                break;
        }
    }

    public IEnumerable<InitiativeSummary> TakeInitiativeChanges()
    {
        var changed = _changedInitiatives.Select(id => InitiativeSummary.From(_fold.Initiatives[id])).ToList();
        _changedInitiatives.Clear();
        return changed;
    }

    public IEnumerable<ObstacleState> TakeObstacleChanges()
    {
        var changed = _changedObstacles.Select(id => _fold.Obstacles[id]).ToList();
        _changedObstacles.Clear();
        return changed;
    }
}
