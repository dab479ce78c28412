using NaraVard.Api.V1;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Roadmaps;
using NaraVard.Server.Mapping;

namespace NaraVard.Server.Services;

/// <summary>
/// An initiative as the API answers it: the initiative grain's view and its health, which also needs what only the
/// county knows (whether an obstacle blocks it). Read from the county's activation in this silo when it is here.
/// </summary>
internal sealed class InitiativeAnswers(IGrainFactory grains, ResidentGrains residents, RoadmapDefinition roadmap)
{
    public async Task<Initiative> ToApiAsync(InitiativeView view) =>
        view.ToApi(await residents.IsBlockedAsync(grains, roadmap.Id, view.State.Id));
}
