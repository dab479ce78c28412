using NaraVard.Domain;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Roadmaps;
using NaraVard.Server.Feed;

namespace NaraVard.Server.Services;

/// <summary>
/// The grain of an initiative or obstacle that exists; NOT_FOUND for any other id without activating a grain.
/// An activation costs memory the runtime does not give back at once, so a caller looking up made-up ids must
/// not reach one. This node's feed knows every id it has followed; an id it has not seen yet (created a moment
/// ago through another node) is asked of the county, which has every creation before it was acknowledged.
/// </summary>
internal sealed class ExistingGrains(IGrainFactory grains, EventFeed feed, RoadmapDefinition roadmap)
{
    private IRoadmapGrain County => grains.GetGrain<IRoadmapGrain>(roadmap.Id);

    public async Task<IInitiativeGrain> InitiativeAsync(string id, string field)
    {
        var key = RequestFields.RequiredId(id, field);
        return feed.HasInitiative(key) || await County.InitiativeExistsAsync(key)
            ? grains.GetGrain<IInitiativeGrain>(key)
            : throw DomainException.NotFound($"initiative {key} does not exist");
    }

    public async Task<IObstacleGrain> ObstacleAsync(string id, string field)
    {
        var key = RequestFields.RequiredId(id, field);
        return feed.HasObstacle(key) || await County.ObstacleExistsAsync(key)
            ? grains.GetGrain<IObstacleGrain>(key)
            : throw DomainException.NotFound($"obstacle {key} does not exist");
    }
}
