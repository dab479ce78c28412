using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;

namespace NaraVard.Grains.Roadmaps;

/// <summary>The county roadmap as a whole, keyed by roadmap id: its definition and the roll-ups leadership reads.</summary>
public interface IRoadmapGrain : IGrainWithStringKey
{
    /// <summary>Stores the definition unless the same one is stored already. True when something was written.</summary>
    Task<bool> DefineAsync(RoadmapDefinition definition);

    Task<RoadmapDefinition> GetDefinitionAsync();

    Task<CountyOverview> GetOverviewAsync();

    Task<InitiativePage> ListInitiativesAsync(InitiativeQuery query);

    Task<ObstaclePage> ListObstaclesAsync(ObstacleQuery query);

    Task<bool> InitiativeExistsAsync(string id);

    Task<bool> ObstacleExistsAsync(string id);

    /// <summary>One organisation's figures, matrix row and initiatives, from the county's roll-ups.</summary>
    Task<Organizations.OrganizationView> GetOrganizationAsync(string code);

    /// <summary>Whom the obstacle reaches, as the roll-ups derive it (<see cref="Domain.Obstacles.ObstacleReach"/>) at their position.</summary>
    Task<IReadOnlyList<string>> AffectedOrganizationsAsync(string obstacleId);

    /// <summary>The initiatives an obstacle blocks now (<see cref="Domain.Initiatives.HealthRule.Blocks"/>), as the roll-ups derive it.</summary>
    Task<System.Collections.Immutable.ImmutableHashSet<string>> GetBlockedInitiativesAsync();

    /// <summary>
    /// A wake-up: the log has reached <paramref name="position"/>. Returns once the roll-ups have folded at least
    /// that far (the position they reached), so a write whose grain awaits it is read back by every read after
    /// its acknowledgement. It carries no data: the figures come from the log alone.
    /// </summary>
    Task<long> CatchUpAsync(long position);

}
