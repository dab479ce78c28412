namespace NaraVard.Grains.Roadmaps;

/// <summary>Whom obstacles block, for a read of one initiative: the health of its full view needs the county's answer.</summary>
public static class CountyBlocking
{
    /// <summary>Whether an obstacle blocks the initiative now: from the county's activation in this silo, else asked of the county.</summary>
    public static async ValueTask<bool> IsBlockedAsync(this ResidentGrains residents, IGrainFactory grains, string roadmapId, string initiativeId) =>
        (residents.Blocked(roadmapId) ?? await grains.GetGrain<IRoadmapGrain>(roadmapId).GetBlockedInitiativesAsync()).Contains(initiativeId);
}
