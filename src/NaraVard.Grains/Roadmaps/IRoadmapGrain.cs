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

    Task<OrganizationProgress> GetOrganizationProgressAsync(string code);

    Task<InitiativePage> ListInitiativesAsync(InitiativeQuery query);

    Task<ObstaclePage> ListObstaclesAsync(ObstacleQuery query);

    Task<bool> InitiativeExistsAsync(string id);

    Task<bool> ObstacleExistsAsync(string id);

    /// <summary>The organisations the obstacle affects, by the one rule (<see cref="Domain.Obstacles.ObstacleReach"/>) on the initiatives as they are now.</summary>
    Task<IReadOnlyList<string>> AffectedOrganizationsAsync(Domain.Obstacles.ObstacleState obstacle);

    /// <summary>An initiative changed at <paramref name="position"/> of the log; applied at once so the roll-ups read back what was just acknowledged.</summary>
    Task InitiativeChangedAsync(InitiativeSummary summary, long position);

    Task ObstacleChangedAsync(ObstacleSummary summary, long position);

}
