using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain.Rollups;

/// <summary>Counts of initiatives per phase and per status: the spread, not an average.</summary>
public sealed record Spread(IReadOnlyDictionary<Phase, int> ByPhase, IReadOnlyDictionary<InitiativeStatus, int> ByStatus, int Total, int Stale)
{
    /// <summary>The measurement points of the initiatives counted here.</summary>
    public IndicatorCounts Indicators { get; init; } = IndicatorCounts.None;

    /// <summary>Initiatives per health (<see cref="Initiatives.HealthRule"/>): the traffic lights, never green over a known problem.</summary>
    public IReadOnlyDictionary<Initiatives.Health, int> ByHealth { get; init; } = new Dictionary<Initiatives.Health, int>();

    /// <summary>Initiatives in implementation whose effects do not move (<see cref="IndicatorCounts.EffectStalled"/>).</summary>
    public int EffectStalled { get; init; }

    /// <summary>The share that has reached implementation (in it or done): the road's headline figure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Reached => Total == 0 ? 0 : (double)ByPhase.Where(kv => kv.Key.HasReachedImplementation()).Sum(kv => kv.Value) / Total;
}

/// <summary>
/// Measurement points: how many, how many measured at least once, how many on track by
/// <see cref="Initiatives.Indicator.OnTrack"/>; and of those with values a year apart (judged), how many moved
/// toward their target by <see cref="Initiatives.Indicator.Moved"/>.
/// </summary>
public sealed record IndicatorCounts(int Total, int Measured, int OnTrack)
{
    public static readonly IndicatorCounts None = new(0, 0, 0);

    /// <summary>With values a year apart: whether the effect moves can be told.</summary>
    public int Judged { get; init; }

    /// <summary>Judged and moved toward the target.</summary>
    public int Moving { get; init; }

    /// <summary>Judged and not moved: the effects that stand still.</summary>
    public int StandingStill => Judged - Moving;

    /// <summary>
    /// The one rule of an initiative whose effect does not move: in implementation, its effects can be judged,
    /// and none of them has moved toward its target in a year. Shown beside its health, not instead of it.
    /// </summary>
    public bool EffectStalled(Phase phase) => phase == Phase.Genomforande && Judged > 0 && Moving == 0;

    public static IndicatorCounts Of(IEnumerable<Initiatives.Indicator> indicators)
    {
        var list = indicators.ToList();
        return new(list.Count, list.Count(i => i.OnTrack is not null), list.Count(i => i.OnTrack == true))
        {
            Judged = list.Count(i => i.Moved is not null),
            Moving = list.Count(i => i.Moved == true),
        };
    }
}

public sealed record OrganizationProgress(string Code, string Name, long Population, Spread Spread, int AverageProgress, int OpenObstacles);

public sealed record GoalAreaProgress(string Code, string Name, Spread Spread);

/// <summary>Where one organisation stands on one roadmap item: its most advanced phase there and its worst status.</summary>
public sealed record MatrixCell(string RoadmapItem, string OrganizationCode, int Initiatives, Phase? Phase, InitiativeStatus? Status, int AverageProgress, bool Stale)
{
    /// <summary>The most urgent health of the cell's initiatives (<see cref="Initiatives.HealthRule.Urgency"/>).</summary>
    public Initiatives.Health? Health { get; init; }

    /// <summary>Open obstacles that block one of the cell's initiatives and affect its organisation.</summary>
    public int OpenObstacles { get; init; }
}

public sealed record ObstacleCount(string Category, Severity Severity, int Open);

/// <summary>Open obstacles of one category and how many of the municipalities they block.</summary>
public sealed record CategoryReach(string Category, string Name, int Open, int MunicipalitiesBlocked);

/// <summary>Share of the county's municipal inhabitants whose municipality has reached implementation (or done) on the item.</summary>
public sealed record ItemCoverage(string RoadmapItem, string Name, int MunicipalitiesReached, double PopulationShare);

public sealed record CountyOverview(
    string RoadmapId,
    DateTimeOffset AsOf,
    Spread County,
    IReadOnlyList<OrganizationProgress> Organizations,
    IReadOnlyList<GoalAreaProgress> GoalAreas,
    IReadOnlyList<MatrixCell> Matrix,
    IReadOnlyList<ObstacleCount> Obstacles,
    IReadOnlyList<CategoryReach> ObstacleReach,
    IReadOnlyList<ItemCoverage> Coverage,
    double PopulationCoverage,
    int OpenObstacles)
{
    /// <summary>The global log position the figures have read up to (set by whoever folds the log).</summary>
    public long Position { get; init; }
}
