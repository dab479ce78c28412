using Microsoft.Extensions.Options;
using NaraVard.Grains.Roadmaps;

namespace NaraVard.Grains.Organizations;

/// <summary>
/// One organisation. Its figures are its slice of the county's roll-ups, the one fold of the log, read at the
/// county's position: an organisation never holds a copy of its own that a lost or reordered message could
/// make disagree with the county's (issue 27 counted an obstacle for 0583 in the county and not here).
/// </summary>
public sealed class OrganizationGrain(IOptions<RoadmapOptions> options) : Grain, IOrganizationGrain
{
    public Task<OrganizationView> GetAsync() =>
        GrainFactory.GetGrain<IRoadmapGrain>(options.Value.RoadmapId).GetOrganizationAsync(this.GetPrimaryKeyString());
}
