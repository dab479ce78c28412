using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Persistence;

namespace NaraVard.Server.FollowUp;

/// <summary>Reads as of a moment: the log folded up to it (<see cref="AsOf"/>).</summary>
internal sealed class AsOfReads(IEventStore store, RoadmapDefinition roadmap)
{
    public async Task<CountyOverview> OverviewAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        AsOf.Fold(await LogReader.ReadAsync(store, cancellationToken), moment).Overview(roadmap);

    public async Task<(InitiativeState State, bool Stale)> InitiativeAsync(string id, DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var state = AsOf.Fold(await LogReader.ReadAsync(store, cancellationToken), moment).Initiative(id)
            ?? throw DomainException.NotFound($"initiative {id} did not exist at {moment:yyyy-MM-dd HH:mm:ss} UTC");
        return (state, state.IsStale(moment, roadmap.StaleAfter));
    }
}
