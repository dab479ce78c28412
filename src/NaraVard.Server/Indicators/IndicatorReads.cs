using NaraVard.Domain;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Roadmaps;
using NaraVard.Kolada;
using NaraVard.Persistence;
using NaraVard.Web.FollowUp;

namespace NaraVard.Server.Indicators;

/// <summary>
/// The dashboard's view of the county's measurement points: the catalogue (<see cref="IndicatorCatalogue"/>) over
/// the initiatives that have points, read from their grains, and the sync. The catalogue is kept while the log's
/// head has not moved, for at most <see cref="KeptFor"/>: a planner's reload does not read every initiative again.
/// </summary>
internal sealed class IndicatorReads(IGrainFactory grains, RoadmapDefinition roadmap, IEventStore store, KoladaSync sync, TimeProvider time) : IIndicators
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _building = new(1, 1);
    private (long Head, DateTimeOffset At, IReadOnlyList<IndicatorGroup> Groups)? _kept;

    public (DateTimeOffset At, int Fetched, int Recorded, int Revised)? LastSync => sync.Last is { } last ? (last.At, last.Fetched, last.Recorded, last.Revised) : null;

    public async Task<IReadOnlyList<IndicatorGroup>> CatalogueAsync(CancellationToken cancellationToken)
    {
        var head = await store.ReadHeadPositionAsync(cancellationToken);
        await _building.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_kept is { } kept && kept.Head == head && now - kept.At < KeptFor)
            {
                return kept.Groups;
            }

            var (items, _) = await grains.GetGrain<IRoadmapGrain>(roadmap.Id).AllInitiativesAsync(new InitiativeQuery());
            var measured = items.Where(i => i.Indicators.Total > 0).Select(i => i.Id);
            var states = await GrainReads.InitiativesAsync(grains, measured);
            var groups = IndicatorCatalogue.Of(states.Values);
            _kept = (head, now, groups);
            return groups;
        }
        finally
        {
            _building.Release();
        }
    }

    public async Task<KoladaSyncOutcome> SyncAsync(Actor by, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sync.RunAsync(by, cancellationToken);
            return new(result.Fetched, result.Recorded, result.Revised);
        }
        catch (KoladaUnavailableException e)
        {
            return new(0, 0, 0, e.Message);
        }
    }
}
