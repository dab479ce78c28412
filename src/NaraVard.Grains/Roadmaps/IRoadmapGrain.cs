using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Runtime;

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

    Task<IReadOnlyList<string>> OrganizationsOfInitiativesAsync(IReadOnlyList<string> initiativeIds);

    /// <summary>An initiative changed; applied at once so the roll-ups read back what was just acknowledged.</summary>
    Task InitiativeChangedAsync(InitiativeSummary summary);

    Task ObstacleChangedAsync(ObstacleSummary summary);

    /// <summary>Folds every event committed since the last one it saw (from any node) into the roll-ups.</summary>
    Task<long> CatchUpAsync();
}
