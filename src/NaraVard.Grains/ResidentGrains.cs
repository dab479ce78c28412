using System.Collections.Concurrent;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Roadmaps;

namespace NaraVard.Grains;

/// <summary>
/// The activations of this silo that a gateway in the same process may read without a grain call: initiatives
/// and the county. A read here returns the same immutable value the grain's read method returns, from the same
/// (only) activation, without Orleans' messaging and its two thread hops: on two cores that was a third of a
/// read's cost (docs/performance.md). An activation enters once loaded and leaves as it deactivates. Anything
/// else (an id active in another silo, a county overview due to be computed anew, every read in a gateway
/// without a silo) answers null, and the caller asks the grain, wherever it lives.
/// </summary>
public sealed class ResidentGrains
{
    private readonly ConcurrentDictionary<string, InitiativeGrain> _initiatives = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RoadmapGrain> _counties = new(StringComparer.Ordinal);

    /// <summary>The initiative as its activation here has it now; null when it is not active here or does not exist.</summary>
    public InitiativeView? Initiative(string id) => _initiatives.TryGetValue(id, out var grain) ? grain.Peek() : null;

    /// <summary>The county's overview when its activation is here and the one it last computed still answers now.</summary>
    public CountyOverview? Overview(string roadmapId) => _counties.TryGetValue(roadmapId, out var grain) ? grain.PeekOverview() : null;

    /// <summary>The initiatives an obstacle blocks, as the county's activation here last folded them; null when it is not here.</summary>
    public System.Collections.Immutable.ImmutableHashSet<string>? Blocked(string roadmapId) => _counties.TryGetValue(roadmapId, out var grain) ? grain.PeekBlocked() : null;

    internal void Enter(string id, InitiativeGrain grain) => _initiatives[id] = grain;

    internal void Leave(string id, InitiativeGrain grain) => _initiatives.TryRemove(new KeyValuePair<string, InitiativeGrain>(id, grain));

    internal void Enter(string id, RoadmapGrain grain) => _counties[id] = grain;

    internal void Leave(string id, RoadmapGrain grain) => _counties.TryRemove(new KeyValuePair<string, RoadmapGrain>(id, grain));
}
