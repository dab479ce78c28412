using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;

namespace NaraVard.Domain.FollowUp;

/// <summary>
/// The county as it stood at a moment, folded from the log: every initiative and obstacle event up to it, through
/// the same states, summaries and roll-up as the present. Exact by construction: from the start of the log, or
/// from a checkpoint whose every event happened at or before the moment, with the rest of the log after it.
/// </summary>
public sealed class AsOf
{
    private readonly CountyFold _fold;

    private AsOf(CountyFold fold, DateTimeOffset moment)
    {
        _fold = fold;
        Moment = moment;
    }

    public DateTimeOffset Moment { get; }

    /// <summary>The log position of the last event at or before the moment (0 when there was none).</summary>
    public long Position => _fold.Position;

    public static AsOf Fold(IEnumerable<(long Position, object Event)> log, DateTimeOffset moment) =>
        Resume(new CountyFold(), log, moment);

    /// <summary>
    /// Folds on into <paramref name="fold"/>, which becomes this answer's (pass a copy of a checkpoint that is kept)
    /// and must hold only events at or before the moment; <paramref name="rest"/> is the log after it, up to where
    /// no later event happened at or before the moment.
    /// </summary>
    public static AsOf Resume(CountyFold fold, IEnumerable<(long Position, object Event)> rest, DateTimeOffset moment)
    {
        foreach (var (position, e) in rest)
        {
            fold.Apply(position, e, moment);
        }

        return new AsOf(fold, moment);
    }

    public InitiativeState? Initiative(string id) => _fold.Initiatives.GetValueOrDefault(id);

    public IEnumerable<InitiativeState> Initiatives => _fold.Initiatives.Values;

    public ObstacleState? Obstacle(string id) => _fold.Obstacles.GetValueOrDefault(id);

    public IEnumerable<ObstacleState> Obstacles => _fold.Obstacles.Values;

    /// <summary>Whether an obstacle blocked the initiative at the moment (<see cref="HealthRule.Blocks"/>), as the roll-up derives it.</summary>
    public bool IsBlocked(string initiativeId) => HealthRule.IsBlockedBy(initiativeId, _fold.Obstacles.Values);

    /// <summary>Whom an obstacle blocked at the moment, by the one rule, on the initiatives as they were then.</summary>
    public IReadOnlyList<string> AffectedOrganizations(ObstacleState obstacle) =>
        ObstacleReach.AffectedOrganizations(obstacle, id => _fold.Initiatives.TryGetValue(id, out var s) ? s.Organizations : []);

    public CountyOverview Overview(RoadmapDefinition roadmap) => Rollup(roadmap).Overview(Moment) with { Position = Position };

    /// <summary>The county's roll-up at the moment: the same one the present's figures come from, over the states as they were.</summary>
    public Rollup Rollup(RoadmapDefinition roadmap)
    {
        var rollup = new Rollup(roadmap);
        foreach (var initiative in _fold.Initiatives.Values)
        {
            rollup.Apply(InitiativeSummary.From(initiative));
        }

        foreach (var obstacle in _fold.Obstacles.Values)
        {
            rollup.Apply(ObstacleSummary.From(obstacle));
        }

        return rollup;
    }
}
