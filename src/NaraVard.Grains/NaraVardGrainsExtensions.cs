using Microsoft.Extensions.DependencyInjection;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Runtime;

namespace NaraVard.Grains;

public static class NaraVardGrainsExtensions
{
    /// <summary>Adds the grain runtime with NaraVard's grains. The event store is registered by the persistence of choice.</summary>
    public static IServiceCollection AddNaraVardGrains(this IServiceCollection services, string roadmapId, Action<GrainRuntimeOptions>? runtime = null)
    {
        services.Configure<RoadmapOptions>(o => o.RoadmapId = roadmapId);
        return services.AddGrainRuntime(
            grains => grains
                .AddGrain<IRoadmapGrain, RoadmapGrain>()
                .AddGrain<IOrganizationGrain, OrganizationGrain>()
                .AddGrain<IInitiativeGrain, InitiativeGrain>()
                .AddGrain<IObstacleGrain, ObstacleGrain>(),
            runtime);
    }
}
