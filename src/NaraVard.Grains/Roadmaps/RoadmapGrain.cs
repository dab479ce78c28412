using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Collections.Immutable;
using System.Text.Json;
using NaraVard.Domain;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;
using Orleans.Runtime;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// Holds the roadmap definition and the county roll-ups, a pure function of the log prefix it has folded: it
/// follows the global log by position, from its snapshot on activation, then whenever a writing grain says the
/// log reached a position it has not (<see cref="CatchUpAsync"/>) and every <see cref="FollowEvery"/> besides.
/// A wake-up carries no data, so a lost, repeated or late one can delay a figure but never change it. The
/// organisation grains answer from these roll-ups; there is one activation in the whole cluster.
/// </summary>
[GrainType(GrainType)]
public sealed partial class RoadmapGrain(
    IEventStore store,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    [PersistentState(Snapshots.County, Snapshots.Storage)] IPersistentState<CountySnapshot> snapshot,
    IOptions<RoadmapOptions> options,
    ResidentGrains residents,
    IServiceProvider services) : Grain, IRoadmapGrain
{
    /// <summary>Named, not derived from the class name: the county's snapshot is stored under it.</summary>
    public const string GrainType = "roadmap";
    private static readonly TimeSpan OverviewReuse = TimeSpan.FromSeconds(1);

    /// <summary>How often the county reads the log without being woken: what a lost wake-up can delay a figure by.</summary>
    internal static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(2);
    private RoadmapDefinition? _definition;
    private long _definitionVersion;
    private Rollup? _rollup;
    private LogProjection? _projection;
    private volatile CachedOverview? _overview;
    private readonly SortedSet<string> _initiativeIds = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _obstacleIds = new(StringComparer.Ordinal);

    private string StreamId => Streams.Roadmap(this.GetPrimaryKeyString());

    private RoadmapDefinition Definition => _definition ?? throw DomainException.NotFound($"roadmap {this.GetPrimaryKeyString()} is not defined");

    private Rollup Rollup => _rollup ??= new Rollup(Definition);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadDefinitionAsync(cancellationToken);
        if (_definition is not null)
        {
            var restored = Restore();
            var folded = await FoldLogAsync();
            if (!restored || folded >= options.Value.SnapshotAfterEvents)
            {
                await SaveSnapshotAsync();
            }
        }

        residents.Enter(this.GetPrimaryKeyString(), this);
        this.RegisterGrainTimer(static (county, _) => county.FollowAsync(), this, new GrainTimerCreationOptions(FollowEvery, FollowEvery));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        residents.Leave(this.GetPrimaryKeyString(), this);
        return Task.CompletedTask;
    }

    private async Task LoadDefinitionAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await store.ReadStreamAsync(StreamId, _definitionVersion, cancellationToken))
        {
            _definition = ((RoadmapDefined)EventCodec.Decode<RoadmapEvent>(stored)).Definition;
            _definitionVersion = stored.Version;
        }
    }

    public async Task<bool> DefineAsync(RoadmapDefinition definition)
    {
        while (true)
        {
            if (_definition is not null && Same(_definition, definition))
            {
                return false;
            }

            var defined = new RoadmapDefined { At = time.GetUtcNow(), Definition = definition };
            try
            {
                var result = await store.AppendAsync(StreamId, _definitionVersion, [EventCodec.Encode<RoadmapEvent>(defined)]);
                _definitionVersion = result.NextVersion;
            }
            catch (WrongExpectedVersionException)
            {
                // Another node defined it at the same moment: read what it wrote and compare again.
                await LoadDefinitionAsync(CancellationToken.None);
                continue;
            }

            _definition = definition;
            _rollup = null;
            _projection = null;
            _initiativeIds.Clear();
            _obstacleIds.Clear();
            await FoldLogAsync();
            await SaveSnapshotAsync();
            return true;
        }
    }

    private static bool Same(RoadmapDefinition a, RoadmapDefinition b) =>
        JsonSerializer.Serialize(a, RoadmapDefinition.JsonOptions) == JsonSerializer.Serialize(b, RoadmapDefinition.JsonOptions);

    public Task<RoadmapDefinition> GetDefinitionAsync() => Task.FromResult(Definition);

    /// <summary>
    /// The overview walks every organisation × roadmap item, so it is computed once per change of the figures and
    /// reused for up to a second: staleness moves with the clock, but not faster than that matters.
    /// </summary>
    public Task<CountyOverview> GetOverviewAsync()
    {
        var now = time.GetUtcNow();
        if (Reusable(Rollup, now) is not { } overview)
        {
            overview = Rollup.Overview(now) with { Position = OverviewPosition };
            _overview = new CachedOverview(Rollup, Rollup.Changes, overview);
        }

        return Task.FromResult(overview);
    }

    /// <summary>
    /// The overview <see cref="GetOverviewAsync"/> last computed, if it still answers now; null when it must be
    /// computed anew (by a call to the grain). Safe from any thread (<see cref="ResidentGrains"/> calls it): each
    /// value it reads is swapped whole by the grain's turns, and a change of any of them makes the answer null.
    /// </summary>
    internal CountyOverview? PeekOverview() => _rollup is { } rollup ? Reusable(rollup, time.GetUtcNow()) : null;

    private long OverviewPosition => _projection?.Position ?? 0;

    // Reused while the figures, the log position and the clock's second are what they were when it was computed.
    private CountyOverview? Reusable(Rollup rollup, DateTimeOffset now) =>
        _overview is { } cached && cached.Source == rollup && cached.Changes == rollup.Changes && cached.Overview.Position == OverviewPosition
        && now - cached.Overview.AsOf < OverviewReuse && now >= cached.Overview.AsOf
            ? cached.Overview
            : null;

    private sealed record CachedOverview(Rollup Source, long Changes, CountyOverview Overview);

    public Task<Organizations.OrganizationView> GetOrganizationAsync(string code)
    {
        var org = OrganizationOf(code);
        var now = time.GetUtcNow();
        return Task.FromResult(new Organizations.OrganizationView(org, Rollup.ProgressOf(org, now), Rollup.RowOf(code, now), [.. Rollup.InitiativesOf(code)]));
    }

    private Organization OrganizationOf(string code) =>
        Definition.OrganizationsByCode.GetValueOrDefault(code) ?? throw DomainException.NotFound($"organisation {code} is not part of roadmap {Definition.Id}");

    public Task<InitiativePage> ListInitiativesAsync(InitiativeQuery query)
    {
        var now = time.GetUtcNow();
        var staleAfter = Definition.StaleAfter;
        bool Matches(InitiativeSummary s) => query.Matches(s, now, staleAfter);
        var total = Rollup.Initiatives.Count(Matches);
        var (page, next) = Paging.Initiatives(query, _initiativeIds, id => Rollup.FindInitiative(id), Rollup.Initiatives, Matches);
        return Task.FromResult(new InitiativePage(page, next, total, page.Where(s => s.IsStale(now, staleAfter)).Select(s => s.Id).ToImmutableHashSet()));
    }

    public Task<ObstaclePage> ListObstaclesAsync(ObstacleQuery query)
    {
        var total = Rollup.Obstacles.Count(query.Matches);
        var (page, next) = Paging.Page(_obstacleIds, id => Rollup.FindObstacle(id), o => o.Id, query.PageSize, query.PageToken, query.PageKey(), query.Matches);
        return Task.FromResult(new ObstaclePage(page, next, total));
    }

    public Task<bool> InitiativeExistsAsync(string id) => Task.FromResult(Rollup.FindInitiative(id) is not null);

    public Task<bool> ObstacleExistsAsync(string id) => Task.FromResult(Rollup.FindObstacle(id) is not null);

    public Task<IReadOnlyList<string>> AffectedOrganizationsAsync(string obstacleId) =>
        Task.FromResult<IReadOnlyList<string>>(Rollup.FindObstacle(obstacleId) is { } o ? o.AffectedOrganizations : []);

}
