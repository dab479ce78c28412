using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;

namespace NaraVard.Domain.FollowUp;

/// <summary>
/// The county as it stood at a moment, folded from the log: every initiative and obstacle event up to it, through
/// the same states, summaries and roll-up as the present. Exact by construction; it reads the whole log.
/// </summary>
public sealed class AsOf
{
    private readonly Dictionary<string, InitiativeState> _initiatives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObstacleState> _obstacles = new(StringComparer.Ordinal);

    private AsOf(DateTimeOffset moment) => Moment = moment;

    public DateTimeOffset Moment { get; }

    /// <summary>The log position of the last event at or before the moment (0 when there was none).</summary>
    public long Position { get; private set; }

    public static AsOf Fold(IEnumerable<(long Position, object Event)> log, DateTimeOffset moment)
    {
        var state = new AsOf(moment);
        foreach (var (position, e) in log)
        {
            switch (e)
            {
                case InitiativeEvent i when i.At <= moment:
                    state._initiatives[i.InitiativeId] = state._initiatives.GetValueOrDefault(i.InitiativeId, InitiativeState.Initial).Apply(i);
                    state.Position = position;
                    break;
                case ObstacleEvent o when o.At <= moment:
                    state._obstacles[o.ObstacleId] = state._obstacles.GetValueOrDefault(o.ObstacleId, ObstacleState.Initial).Apply(o);
                    state.Position = position;
                    break;
            }
        }

        return state;
    }

    public InitiativeState? Initiative(string id) => _initiatives.GetValueOrDefault(id);

    public IEnumerable<InitiativeState> Initiatives => _initiatives.Values;

    public ObstacleState? Obstacle(string id) => _obstacles.GetValueOrDefault(id);

    public IEnumerable<ObstacleState> Obstacles => _obstacles.Values;

    /// <summary>Whom an obstacle blocked at the moment, by the one rule, on the initiatives as they were then.</summary>
    public IReadOnlyList<string> AffectedOrganizations(ObstacleState obstacle) =>
        ObstacleReach.AffectedOrganizations(obstacle, id => _initiatives.TryGetValue(id, out var s) ? s.Organizations : []);

    public CountyOverview Overview(RoadmapDefinition roadmap)
    {
        var rollup = new Rollup(roadmap);
        foreach (var initiative in _initiatives.Values)
        {
            rollup.Apply(InitiativeSummary.From(initiative));
        }

        foreach (var obstacle in _obstacles.Values)
        {
            rollup.Apply(ObstacleSummary.From(obstacle, AffectedOrganizations(obstacle)));
        }

        return rollup.Overview(Moment) with { Position = Position };
    }
}
